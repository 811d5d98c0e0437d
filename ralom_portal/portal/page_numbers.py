"""Page numbers on portal PDFs ("Pagina 2 din 3"), stamped after rendering.

Debian's wkhtmltopdf is built without the patched Qt that renders header and footer HTML, so the
footer is drawn onto each finished page with pypdf instead: a few PDF text operators in a
standard font, which needs nothing else installed.
"""

from __future__ import annotations

import io

from frappe import _
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

FONT_SIZE = 7.5
MARGIN = 28  # points from the page edge


def _font() -> DictionaryObject:
	return DictionaryObject(
		{
			NameObject("/Type"): NameObject("/Font"),
			NameObject("/Subtype"): NameObject("/Type1"),
			NameObject("/BaseFont"): NameObject("/Helvetica"),
			NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
		}
	)


def _pdf_text(text: str) -> str:
	# WinAnsi has no ș/ț: the footer keeps to ASCII-safe text, and PDF string syntax is escaped.
	safe = text.encode("cp1252", "replace").decode("cp1252")
	return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _footer(writer: PdfWriter, width: float, height: float, left: str, right: str) -> PageObject:
	page = PageObject.create_blank_page(width=width, height=height)
	page[NameObject("/Resources")] = DictionaryObject(
		{NameObject("/Font"): DictionaryObject({NameObject("/RalomFooter"): _font()})}
	)
	right_x = width - MARGIN - len(right) * FONT_SIZE * 0.5
	ops = (
		f"BT /RalomFooter {FONT_SIZE} Tf {MARGIN} {MARGIN / 2:.1f} Td ({_pdf_text(left)}) Tj ET "
		f"BT /RalomFooter {FONT_SIZE} Tf {right_x:.1f} {MARGIN / 2:.1f} Td ({_pdf_text(right)}) Tj ET"
	)
	stream = DecodedStreamObject()
	stream.set_data(ops.encode("cp1252", "replace"))
	page[NameObject("/Contents")] = writer._add_object(stream)
	return page


def number_pages(pdf: bytes, reference: str) -> bytes:
	"""`pdf` with "reference" at the bottom left and "Page X of Y" at the bottom right of every page."""
	reader = PdfReader(io.BytesIO(pdf))
	writer = PdfWriter()
	total = len(reader.pages)
	for number, page in enumerate(reader.pages, start=1):
		box = page.mediabox
		footer = _footer(
			writer, float(box.width), float(box.height), reference, _("Page {0} of {1}").format(number, total)
		)
		page.merge_page(footer)
		writer.add_page(page)
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()
