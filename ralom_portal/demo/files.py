"""Demo documents for the files library: what a supplier shares with a client.

Per client: drawings and a price list shared with the company (in folders), a technical sheet on
an offer, photos of the running project, and one internal cost sheet on that project which the
client must never see. Contents are generated (small real PDFs and JPEGs), so no binary lives in
the repository.
"""

from __future__ import annotations

import io

import frappe

from ralom_portal.demo import builders

FOLDER_DRAWINGS = "Planșe"
FOLDER_PRICES = "Liste de prețuri"
INTERNAL_FILE = "Calcul marjă internă.pdf"


def pdf_bytes(title: str, lines=()) -> bytes:
	"""A one-page PDF with a title and a few lines (Helvetica, ASCII-only text)."""

	def ascii_text(text: str) -> str:
		import unicodedata

		plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
		return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

	ops = ["BT", "/F1 18 Tf", "60 780 Td", f"({ascii_text(title)}) Tj", "/F1 11 Tf"]
	for line in lines:
		ops += ["0 -22 Td", f"({ascii_text(line)}) Tj"]
	ops.append("ET")
	stream = "\n".join(ops).encode()
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
		b" /Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	]
	out = io.BytesIO()
	out.write(b"%PDF-1.4\n")
	offsets = []
	for i, body in enumerate(objects, start=1):
		offsets.append(out.tell())
		out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
	xref = out.tell()
	out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
	for offset in offsets:
		out.write(b"%010d 00000 n \n" % offset)
	out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
	return out.getvalue()


def jpeg_bytes(color: tuple[int, int, int], label: str) -> bytes:
	"""A small photo stand-in: a coloured JPEG with a caption."""
	from PIL import Image, ImageDraw

	image = Image.new("RGB", (640, 420), color)
	draw = ImageDraw.Draw(image)
	draw.rectangle((20, 330, 620, 400), fill=(255, 255, 255))
	draw.text((36, 355), label, fill=(0, 0, 0))
	out = io.BytesIO()
	image.save(out, format="JPEG", quality=80)
	return out.getvalue()


def _attach(doctype, name, file_name, content, **kw) -> None:
	# Frappe may add a hash suffix to the stored name (a file of that name already on disk), so the
	# second run looks for the stem, not the exact name.
	stem = file_name.rsplit(".", 1)[0].replace("%", "\\%").replace("_", "\\_")
	if not name or frappe.db.exists(
		"File", {"attached_to_doctype": doctype, "attached_to_name": name, "file_name": ["like", f"{stem}%"]}
	):
		return
	builders.make_file(doctype, name, file_name, content, **kw)


def load(client: dict) -> None:
	customer = client["name"]
	short = customer.split()[0]
	_attach(
		"Customer",
		customer,
		f"Plan amplasament tablouri {short}.pdf",
		pdf_bytes(f"Plan amplasament - {customer}", ["Plansa E-01", "Scara 1:100"]),
		shared=True,
		folder=FOLDER_DRAWINGS,
	)
	_attach(
		"Customer",
		customer,
		"Schemă monofilară TG.pdf",
		pdf_bytes("Schema monofilara tablou general", ["Plansa E-02"]),
		shared=True,
		folder=FOLDER_DRAWINGS,
	)
	_attach(
		"Customer",
		customer,
		"Listă de prețuri 2026.pdf",
		pdf_bytes(
			"Lista de preturi 2026", ["Panou electric echipat - 3.200 RON", "Cablu CYY-F 3x2,5 - 6,50 RON/m"]
		),
		shared=True,
		folder=FOLDER_PRICES,
	)
	# Attached to the Customer but not shared: staff's own paperwork about the client.
	_attach("Customer", customer, "Fișă evaluare client.pdf", pdf_bytes("Evaluare client (intern)"))
	offer = frappe.db.get_value(
		"Quotation", {"party_name": customer, "docstatus": 1}, "name", order_by="creation asc"
	)
	_attach("Quotation", offer, "Fișă tehnică panou.pdf", pdf_bytes("Fisa tehnica - panou electric echipat"))
	project = frappe.db.get_value("Project", {"customer": customer, "project_name": client["project"]})
	for i, (color, caption) in enumerate(
		(((70, 110, 160), "Trasee de cabluri"), ((150, 120, 80), "Tablou electric montat")), start=1
	):
		_attach(
			"Project", project, f"Foto șantier {i}.jpg", jpeg_bytes(color, f"{client['project']}: {caption}")
		)
	_attach(
		"Project",
		project,
		INTERNAL_FILE,
		pdf_bytes("Calcul marja interna", ["NU se trimite clientului"]),
		internal=True,
	)
