"""The statement of account as a PDF (wkhtmltopdf), read back with the words' positions on the page:
its ageing table has six columns a reader can tell apart, each amount under its heading."""

import re
import shutil
import subprocess
from html import unescape

import frappe
from frappe.utils import add_days, nowdate

from ralom_portal.access.customers import forget
from ralom_portal.api import invoices as api
from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.utils.mail import in_language

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
# Words of one cell are a space apart (about 3 pt at this size); cells of a readable table are further.
_CELL_GAP = 6.0


def _statement_pdf(user: str, lang: str) -> bytes:
	frappe.set_user(user)
	forget()
	frappe.local.form_dict = frappe._dict()
	try:
		with in_language(lang):
			return api.statement_pdf(lang=lang).data
	finally:
		frappe.set_user("Administrator")


def _words(pdf_path) -> list[tuple[float, float, float, str]]:
	"""(x_min, y_min, x_max, text) of every word on the first page."""
	assert shutil.which("pdftotext"), "make test installs poppler-utils"
	html = subprocess.run(
		["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf_path), "-"],
		check=True,
		capture_output=True,
		text=True,
	).stdout
	return [
		(float(x0), float(y0), float(x1), unescape(text)) for x0, y0, x1, _y1, text in _WORD.findall(html)
	]


def _row(words, y: float) -> list[tuple[float, float, str]]:
	"""The words on the line at `y`, grouped into cells: (left, right, text) from left to right."""
	line = sorted((w for w in words if abs(w[1] - y) < 2), key=lambda w: w[0])
	cells: list[list] = []
	for x0, _y, x1, text in line:
		if cells and x0 - cells[-1][1] < _CELL_GAP:
			cells[-1][1], cells[-1][2] = x1, f"{cells[-1][2]} {text}"
		else:
			cells.append([x0, x1, text])
	return [tuple(c) for c in cells]


def test_statement_pdf_ageing_table_has_six_columns_each_amount_under_its_heading(factories):
	customer, user = factories.client()
	item = factories.item().name
	for days_ago, due_in in ((130, -100), (50, -40), (20, -10), (5, 25)):
		factories.sales_invoice(
			customer.name,
			[(item, 1, 1000 + days_ago)],
			posting_date=add_days(nowdate(), -days_ago),
			due_date=add_days(nowdate(), due_in),
		)
	for lang, first_heading in (("ro", "Nescadent"), ("en", "Not yet due")):
		pdf = _statement_pdf(user.name, lang)
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		path = ARTIFACTS / f"statement-{lang}.pdf"
		path.write_bytes(pdf)
		subprocess.run(
			[
				"pdftoppm",
				"-png",
				"-r",
				"80",
				"-f",
				"1",
				"-l",
				"1",
				str(path),
				str(ARTIFACTS / f"statement-{lang}"),
			],
			check=True,
		)
		words = _words(path)
		first = first_heading.split()[0]
		heading_y = max(w[1] for w in words if w[3] == first)  # the ageing table is below the ledger
		headings = _row(words, heading_y)
		amounts_y = min(w[1] for w in words if w[1] > heading_y + 2)
		amounts = _row(words, amounts_y)
		assert len(headings) == 6, (lang, headings)
		assert len(amounts) == 6, (lang, amounts)
		assert headings[0][2] == first_heading
		# Amounts are right-aligned, and so are their headings: each amount sits under its own.
		for heading, amount in zip(headings, amounts, strict=True):
			assert abs(heading[1] - amount[1]) < 3, (lang, heading, amount)
