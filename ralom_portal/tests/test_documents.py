"""Client documents: the offer PDF in the portal's print layout, read back as text from the PDF."""

import io
import shutil
import subprocess

import frappe
import pytest
from frappe.utils import add_days, nowdate
from pypdf import PdfReader

from ralom_portal.access.customers import forget
from ralom_portal.api import offers as api
from ralom_portal.setup.company import LEGAL_DATA, default_company
from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.tests.worlds import fresh, module_world, refs
from ralom_portal.utils.mail import in_language


def _pdf_text(user: str, name: str, lang: str = "ro") -> tuple[str, list[str], bytes]:
	frappe.set_user(user)
	forget()
	try:
		with in_language(lang):
			response = api.download_pdf(name)
	finally:
		frappe.set_user("Administrator")
	reader = PdfReader(io.BytesIO(response.data))
	# Text extraction separates words with tabs and breaks lines: compare on single spaces.
	pages = [" ".join(page.extract_text().split()) for page in reader.pages]
	return " ".join(pages), pages, response.data


@pytest.fixture
def offer_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_offer)


@pytest.fixture
def offer(offer_world):
	"""A client with a CUI and a 160-line offer with 21% VAT (three pages or more)."""
	return fresh(offer_world)


def _build_offer():
	from ralom_portal.tests import factories

	customer, user = factories.client()
	frappe.db.set_value("Customer", customer.name, "tax_id", "RO18547290")
	codes = _copies_of(factories.item(f"DOC-00-{frappe.generate_hash(length=4)}"), 160)
	items = [(code, i + 1, 10 + i) for i, code in enumerate(codes)]
	q = factories.quotation(customer.name, items, valid_till=add_days(nowdate(), 15), vat_rate=21)
	return refs(customer=customer, user=user, q=q, lines=items)


def _copies_of(item, n: int) -> list[str]:
	"""`item` and n - 1 copies of it under their own codes, written row by row (the Item controller
	took 7 of the world's 13 s for 160 items; the lines and the PDF are the subject here, and each copy
	is the controller-made item with its UOM and defaults rows, renamed)."""
	codes = [item.name]
	for i in range(1, n):
		code = f"DOC-{i:02d}-{frappe.generate_hash(length=4)}"
		copy = frappe.copy_doc(item)
		copy.name = copy.item_code = copy.item_name = copy.description = code
		copy.db_insert()
		for row in copy.get_all_children():
			row.parent = code
			row.db_insert()
		codes.append(code)
	return codes


def test_offer_pdf_carries_legal_data_lines_vat_totals_and_words(offer):
	text, pages, pdf = _pdf_text(offer.user.name, offer.q.name)
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	(ARTIFACTS / "offer.pdf").write_bytes(pdf)
	assert shutil.which("pdftoppm"), "make test installs poppler-utils"
	subprocess.run(
		[
			"pdftoppm",
			"-png",
			"-r",
			"70",
			"-f",
			"1",
			"-l",
			"1",
			str(ARTIFACTS / "offer.pdf"),
			str(ARTIFACTS / "offer-pdf"),
		],
		check=True,
	)
	company = frappe.get_doc("Company", default_company())
	assert company.tax_id in text and company.ralom_iban in text and company.ralom_reg_com in text
	assert "RO18547290" in text  # the buyer's CUI
	for code, _qty, _rate in offer.lines:
		assert code in text, code
	assert "Cota TVA" in text and "21%" in text
	total = frappe.utils.fmt_money(offer.q.rounded_total or offer.q.grand_total, currency="RON")
	assert total in text
	from ralom_portal.utils.words_ro import amount_in_words

	assert amount_in_words(offer.q.rounded_total or offer.q.grand_total) in text
	# No print-view chrome, and numbered pages on a document of three pages or more.
	assert "Get PDF" not in text and "Imprimare" not in text
	assert len(pages) >= 3, len(pages)
	for number, page in enumerate(pages, start=1):
		assert f"Pagina {number} din {len(pages)}" in page
		if number < len(pages):
			assert "Preț unitar" in page  # the line table's header repeats on every page of lines


def test_offer_pdf_speaks_english_to_an_english_client(offer):
	text, pages, _pdf = _pdf_text(offer.user.name, offer.q.name, lang="en")
	assert "Unit price" in text and "VAT rate" in text and f"Page 1 of {len(pages)}" in pages[0]


def test_accepted_offer_pdf_says_who_accepted_it(offer):
	from ralom_portal.portal.queries.offers import content_hash, content_rows
	from ralom_portal.ralom_portal.doctype.portal_offer_decision import decide

	header = frappe.db.get_value("Quotation", offer.q.name, "*", as_dict=True)
	items, taxes = content_rows(offer.q.name)
	frappe.set_user(offer.user.name)
	forget()
	decide.accept_offer(offer.q.name, content_hash(header, items, taxes))
	frappe.set_user("Administrator")
	text, _pages, _pdf = _pdf_text(offer.user.name, offer.q.name)
	assert "Acceptată de" in text or "Acceptat de" in text


def test_a_company_without_cui_or_iban_still_renders_with_the_field_marked_missing(offer):
	company = default_company()
	frappe.db.set_value("Company", company, {"tax_id": "", "ralom_iban": ""})
	text, _pages, _pdf = _pdf_text(offer.user.name, offer.q.name)
	assert text.count("lipsă") >= 2
	assert LEGAL_DATA["ralom_iban"] not in text


def test_markup_in_descriptions_and_terms_is_inert(factories):
	customer, user = factories.client()
	item = factories.item()
	q = factories.quotation(
		customer.name,
		[(item.name, 1, 100)],
		submit=False,
		terms="<p>Plata în 30 zile</p><script>alert(1)</script>",
	)
	q.items[0].description = '<img src=x onerror="alert(2)"><b>Panou</b>'
	q.save(ignore_permissions=True)
	q.submit()
	from ralom_portal.portal.documents import ralom_document

	doc = frappe.get_doc("Quotation", q.name)
	doc.terms = frappe.utils.html_utils.clean_html(doc.terms)
	html = frappe.render_template(
		"templates/print/document.html",
		{"doc": doc, "d": ralom_document(doc, "Ofertă"), "body": "templates/print/offer_body.html"},
	)
	assert "<script" not in html and "onerror" not in html and "<img src=x" not in html
	assert "Plata în 30 zile" in html and "Panou" in html


def test_a_200_line_offer_paginates_with_the_header_on_every_page(factories):
	customer, user = factories.client()
	item = factories.item().name
	q = factories.quotation(customer.name, [(item, 1, 5)] * 200, vat_rate=21)
	_text, pages, _pdf = _pdf_text(user.name, q.name)
	assert len(pages) >= 4
	# Every page that carries lines repeats the table header (the last may hold only the totals).
	assert all("Preț unitar" in page for page in pages[:-1])


def test_invoice_pdf_uses_the_same_layout_with_what_is_paid_and_due(factories):
	from ralom_portal.api import invoices as invoice_api
	from ralom_portal.utils.words_ro import amount_in_words

	customer, user = factories.client()
	frappe.db.set_value("Customer", customer.name, "tax_id", "RO18547291")
	items = [
		(factories.item(f"INV-{i:02d}-{frappe.generate_hash(length=4)}").name, i + 1, 40) for i in range(3)
	]
	invoice = factories.sales_invoice(customer.name, items, vat_rate=19, po_no="CMD-77")
	factories.payment(invoice.name, 100)
	invoice.reload()
	frappe.set_user(user.name)
	forget()
	try:
		with in_language("ro"):
			response = invoice_api.invoice_pdf(invoice.name)
	finally:
		frappe.set_user("Administrator")
	text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages)
	company = frappe.get_doc("Company", default_company())
	assert f"Factură {invoice.name}" in text
	assert company.tax_id in text and company.ralom_iban in text and "RO18547291" in text
	for code, _qty, _rate in items:
		assert code in text, code
	assert "Cota TVA" in text and "19%" in text and "CMD-77" in text
	total = invoice.rounded_total or invoice.grand_total
	assert frappe.utils.fmt_money(total, currency="RON") in text
	assert amount_in_words(total) in text
	assert frappe.utils.fmt_money(invoice.outstanding_amount, currency="RON") in text
	assert "Rest de plată" in text and "Achitat" in text
	assert "Get PDF" not in text and "Pagina 1 din 1" in text


def _text(data: bytes) -> str:
	return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_contract_and_statement_pdfs_carry_the_same_legal_header(factories):
	from ralom_portal.api import contracts as contract_api
	from ralom_portal.api import invoices as invoice_api

	customer, user = factories.client()
	frappe.db.set_value("Customer", customer.name, "tax_id", "RO18547292")
	contract = factories.contract(customer.name, terms="<p>Prestări servicii electrice.</p>")
	factories.sales_invoice(customer.name, [(factories.item().name, 1, 500)])
	company = frappe.get_doc("Company", default_company())
	frappe.set_user(user.name)
	forget()
	frappe.local.form_dict = frappe._dict()
	try:
		with in_language("ro"):
			texts = {
				"contract": _text(contract_api.download_pdf(contract.name).data),
				"statement": _text(invoice_api.statement_pdf("ro").data),
			}
	finally:
		frappe.set_user("Administrator")
	for kind, text in texts.items():
		assert company.tax_id in text and company.ralom_iban in text and company.ralom_reg_com in text, kind
		assert "RO18547292" in text and "Pagina 1 din 1" in text, kind
	assert (
		f"Contract {contract.name}" in texts["contract"]
		and "Prestări servicii electrice." in texts["contract"]
	)
	assert "Fișa client" in texts["statement"] and "Sold final" in texts["statement"]


def test_pdf_images_are_inlined_from_the_site_or_dropped_never_fetched():
	from ralom_portal.portal.pdf import self_contained

	html = self_contained(
		'<img src="/assets/ralom_portal/images/ralom-logo.svg">'
		'<img src="https://tracker.example.com/pixel.png">'
		'<img src="/files/../../site_config.json">'
		'<img src="/private/files/secret.png">'
		'<img src="/assets/../test/private/files/secret.png">'
	)
	assert html.count("<img") == 5
	assert 'src="data:image/svg+xml;base64,' in html
	assert "tracker.example.com" not in html and "site_config" not in html and "secret.png" not in html


def test_staff_preview_the_invoice_in_the_desk_with_the_clients_layout(factories):
	from frappe.www.printview import get_html_and_style

	customer, _user = factories.client()
	invoice = factories.sales_invoice(customer.name, [(factories.item().name, 2, 75)], vat_rate=19)
	with in_language("ro"):
		out = get_html_and_style("Sales Invoice", invoice.name, print_format="Ralom Portal Sales Invoice")
	html = out["html"]
	company = frappe.get_doc("Company", default_company())
	assert f"Factură {invoice.name}" in html and company.tax_id in html and company.ralom_iban in html
	assert "Rest de plată" in html and "Cota TVA" in html
