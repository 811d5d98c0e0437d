"""Client uploads: type allowlist checked by content, safe names, size limits, private storage.

Shared by every portal form that takes files (quote requests today; tickets and the files library
next). Everything is checked before anything is stored; `fail(message)` raises the caller's own
translated error so each form refuses in its own words.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile

import frappe
from frappe import _
from frappe.utils import cstr, escape_html

# Documents clients exchange with the company: drawings, specifications, photos, spreadsheets.
EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "dwg", "dxf", "xlsx", "docx", "zip")


def request_files(max_files: int, max_size: int, fail) -> list[tuple[str, bytes]]:
	"""The files of the current multipart request (fields `files` and `file`), read up to `max_size`+1."""
	request = getattr(frappe.local, "request", None)
	if request is None or not getattr(request, "files", None):
		return []
	storages = request.files.getlist("files") + request.files.getlist("file")
	if len(storages) > max_files:
		fail(_("You can attach at most {0} files.").format(max_files))
	return [(storage.filename or "", storage.stream.read(max_size + 1)) for storage in storages]


def validate(uploads, *, max_files: int, max_size: int, fail, extensions=EXTENSIONS) -> list[dict]:
	"""[(filename, bytes)] → cleaned files; refuses wrong types, lying extensions and big files."""
	uploads = list(uploads or [])
	if len(uploads) > max_files:
		fail(_("You can attach at most {0} files.").format(max_files))
	max_mb = max_size // (1024 * 1024)
	files, seen = [], set()
	for filename, content in uploads:
		name = safe_filename(filename)
		shown = escape_html(name)
		ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
		if ext not in extensions:
			fail(
				_("{0}: this file type is not allowed. Allowed types: {1}.").format(
					shown, ", ".join(e.upper() for e in extensions)
				)
			)
		if not isinstance(content, bytes | bytearray):
			fail(_("{0} could not be read.").format(shown))
		content = bytes(content)
		if not content:
			fail(_("{0} is empty.").format(shown))
		if len(content) > max_size:
			fail(_("{0} is larger than {1} MB.").format(shown, max_mb))
		if not content_matches(ext, content):
			fail(_("{0}: the file content does not match its extension.").format(shown))
		digest = hashlib.sha256(content).hexdigest()
		if digest in seen:
			continue
		seen.add(digest)
		files.append({"file_name": name, "content": content, "hash": digest})
	return files


def safe_filename(filename) -> str:
	name = os.path.basename(cstr(filename).replace("\\", "/")).strip()
	name = re.sub(r"[^\w.\- ()]", "_", name, flags=re.UNICODE).strip(" .")
	if "." in name:
		stem, ext = name.rsplit(".", 1)
		stem = stem[:100] or "attachment"
		return f"{stem}.{ext[:10].lower()}"
	return name[:100] or "attachment"


def content_matches(ext: str, content: bytes) -> bool:
	"""Content sniffing: the bytes must be what the extension claims."""
	head = content[:2048]
	if ext == "pdf":
		return head.startswith(b"%PDF-")
	if ext == "png":
		return head.startswith(b"\x89PNG\r\n\x1a\n")
	if ext in ("jpg", "jpeg"):
		return head.startswith(b"\xff\xd8\xff")
	if ext == "dwg":
		return re.match(rb"AC(10[0-3][0-9]|1\.[0-9]|2\.[0-9])", head) is not None
	if ext == "dxf":
		if head.startswith(b"AutoCAD Binary DXF"):
			return True
		if b"\x00" in head:
			return False
		return re.match(rb"\s*(999\s*\r?\n[^\n]*\n\s*)*0\s*\r?\n\s*SECTION\b", head) is not None
	if ext in ("zip", "xlsx", "docx"):
		if not (head.startswith(b"PK\x03\x04") or (ext == "zip" and head.startswith(b"PK\x05\x06"))):
			return False
		try:
			with zipfile.ZipFile(io.BytesIO(content)) as archive:
				names = set(archive.namelist())
		except (zipfile.BadZipFile, ValueError, OSError):
			return False
		if ext == "xlsx":
			return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
		if ext == "docx":
			return "[Content_Types].xml" in names and "word/document.xml" in names
		return True
	return False


def save(doctype: str, name: str, files: list[dict], extra: dict | None = None) -> list[str]:
	"""Store validated `files` privately, attached to `doctype` `name`; returns the stored names.

	`extra`: more File fields (e.g. the files library's shared flag and folder)."""
	saved = []
	for f in files:
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f["file_name"],
				"attached_to_doctype": doctype,
				"attached_to_name": name,
				"is_private": 1,
				"content": f["content"],
				**(extra or {}),
			}
		)
		doc.flags.ignore_permissions = True
		doc.insert(ignore_permissions=True)
		saved.append(doc.file_name)
	return saved
