"""The "Arhivă e-Factura": one ZIP of a period's XMLs and ANAF-signed ZIPs, streamed.

Built while it is sent: each file is read in 64 kB chunks and the ZIP's bytes leave as they are
made (zipfile writes to an unseekable sink with data descriptors), so memory stays flat whatever the
number of invoices. The size is bounded before the first byte leaves: the files' sizes are summed
from the File rows, and a period over the bound is refused with a message instead.
"""

from __future__ import annotations

import re
import zipfile

from werkzeug.wrappers import Response

from ralom_portal.portal.file_serving import content_disposition, disk_path

CHUNK = 64 * 1024
MAX_INVOICES = 2000
MAX_BYTES = 300 * 1024 * 1024


class _Sink:
	"""A write-only buffer zipfile writes into; `take()` hands over what was written so far."""

	def __init__(self):
		self.parts: list[bytes] = []

	def write(self, data) -> int:
		self.parts.append(bytes(data))
		return len(data)

	def flush(self) -> None:
		pass

	def take(self) -> bytes:
		data, self.parts = b"".join(self.parts), []
		return data


def _safe(text: str) -> str:
	return re.sub(r"[^A-Za-z0-9._-]", "_", text or "")


def entries(rows: list[dict]) -> list[tuple[str, str]]:
	"""(path on disk, name in the archive) for each file: <invoice>_<upload index>.xml and
	<invoice>_<upload index>_semnat.zip. Paths are resolved now, while the site is set up."""
	found = []
	for row in rows:
		stem = f"{_safe(row['name'])}_{_safe(row['upload_index'] or 'netrimis')}"
		xml = disk_path(row["xml_url"], row["xml_private"])
		if xml:
			found.append((xml, f"{stem}.xml"))
		if row.get("zip_url"):
			signed = disk_path(row["zip_url"], row["zip_private"])
			if signed:
				found.append((signed, f"{stem}_semnat.zip"))
	return found


def stream(files: list[tuple[str, str]]):
	"""The archive's bytes, chunk by chunk. Uses no database: it runs after the request's handler."""
	sink = _Sink()
	with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
		for path, name in files:
			with open(path, "rb") as source, archive.open(name, "w") as target:
				while chunk := source.read(CHUNK):
					target.write(chunk)
					yield sink.take()
	yield sink.take()


def response(files: list[tuple[str, str]], file_name: str) -> Response:
	result = Response(stream(files), mimetype="application/zip", direct_passthrough=True)
	result.headers["Content-Disposition"] = content_disposition("attachment", file_name)
	result.headers["X-Content-Type-Options"] = "nosniff"
	result.headers["Cache-Control"] = "private, no-store"
	return result
