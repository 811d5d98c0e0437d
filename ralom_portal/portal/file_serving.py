"""Serving a client's file like a careful file server.

The caller names a File ROW; access is decided on that row alone (`rules.file`), never on its
`file_url`: two File rows can share one URL, and a URL says nothing about who may read it.

* The row's `file_url` must be a plain `/private/files/<name>` (or `/files/<name>` for public rows)
  and resolve to a regular file inside the site's files folder: no `..`, no absolute paths, no
  links out of the folder.
* Only PDFs and raster images whose bytes really are what the name claims are shown inline, with a
  restrictive Content-Security-Policy; everything else is an attachment. Nothing is ever served
  as `text/html` (an HTML or SVG file is `application/octet-stream`, attachment).
* Every refusal (missing, another client's, internal, attached to a draft, forged, unreadable
  path) is the same 404, byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from urllib.parse import quote

import frappe
from frappe import _
from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

from ralom_portal.access import rules
from ralom_portal.access.customers import customers_for, is_desk_user

MAX_NAME = 140
_URL = re.compile(r"^/(private/)?files/([^/\\\x00]+)$")

# Shown inline only when the content matches (magic bytes); a lying extension gets a download.
INLINE = {
	"pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
	"png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
	"jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
	"jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
	"gif": ("image/gif", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
	"webp": ("image/webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
}
# Downloads with a specific type; anything else is application/octet-stream.
DOWNLOAD_TYPES = {
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"xls": "application/vnd.ms-excel",
	"doc": "application/msword",
	"zip": "application/zip",
}
INLINE_CSP = (
	"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self';"
	" frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def extension(file_name: str | None) -> str:
	name = file_name or ""
	return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def previewable(file_name: str | None) -> bool:
	"""Whether the library offers an inline preview (the server still checks the bytes)."""
	return extension(file_name) in INLINE


def visible_row(name, user: str | None = None) -> dict | None:
	"""The File row `name` when the current portal client may see it; None for everything else."""
	if not isinstance(name, str) or not name or len(name) > MAX_NAME or "\x00" in name:
		return None
	if is_desk_user(user) or not customers_for(user):
		return None
	rows = frappe.db.sql(
		f"""select `tabFile`.name, `tabFile`.file_name, `tabFile`.file_url, `tabFile`.is_private
		from `tabFile` where `tabFile`.name = %s and ({rules.condition("File", user)})""",
		name,
		as_dict=True,
	)
	return rows[0] if rows else None


def disk_path(file_url: str | None, is_private) -> str | None:
	"""The real path of a row's file inside the site's files folder, or None."""
	match = _URL.match(file_url or "")
	if not match or bool(match.group(1)) != bool(is_private):
		return None
	basename = match.group(2)
	if basename in (".", ".."):
		return None
	folder = os.path.realpath(frappe.get_site_path("private" if is_private else "public", "files"))
	path = os.path.realpath(os.path.join(folder, basename))
	if os.path.dirname(path) != folder or not os.path.isfile(path):
		return None
	return path


def file_not_found() -> Response:
	"""The one answer for every file a client cannot have."""
	body = json.dumps({"exc_type": "DoesNotExistError", "message": _("File not found.")})
	response = Response(body, status=404, content_type="application/json")
	response.headers["Cache-Control"] = "private, no-store"
	response.headers["X-Content-Type-Options"] = "nosniff"
	return response


def content_disposition(kind: str, file_name: str) -> str:
	"""RFC 6266: an ASCII fallback plus the exact name, UTF-8 percent-encoded, in `filename*`."""
	name = "".join(ch for ch in (file_name or "") if unicodedata.category(ch)[0] != "C") or "file"
	ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
	ascii_name = re.sub(r"[^A-Za-z0-9._ ()-]", "_", ascii_name).strip(" .") or "file"
	return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def serve(row: dict | None) -> Response:
	"""Stream `row` (from `visible_row`) with safe headers; `file_not_found()` when it cannot be read."""
	path = disk_path(row.file_url, row.is_private) if row else None
	if not path:
		return file_not_found()
	ext = extension(row.file_name)
	handle = open(path, "rb")
	head = handle.read(16)
	handle.seek(0)
	inline = ext in INLINE and INLINE[ext][1](head)
	mimetype = INLINE[ext][0] if inline else DOWNLOAD_TYPES.get(ext, "application/octet-stream")
	request = getattr(frappe.local, "request", None)
	environ = request.environ if request is not None else {}
	response = Response(wrap_file(environ, handle), mimetype=mimetype, direct_passthrough=True)
	response.content_length = os.path.getsize(path)
	response.headers["Content-Disposition"] = content_disposition(
		"inline" if inline else "attachment", row.file_name
	)
	response.headers["X-Content-Type-Options"] = "nosniff"
	response.headers["Content-Security-Policy"] = INLINE_CSP if inline else DOWNLOAD_CSP
	response.headers["X-Frame-Options"] = "SAMEORIGIN" if inline else "DENY"
	response.headers["Cache-Control"] = "private, no-store"
	response.headers["Referrer-Policy"] = "no-referrer"
	return response
