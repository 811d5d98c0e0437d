"""e-Factura XML (issue 28): UBL 2.1 Invoice / CreditNote from submitted Sales Invoices, checked
against golden files, the UBL 2.1 XSD and the CIUS-RO / EN 16931 rules ERPNext data can break.

Golden files: ralom_portal/tests/golden/efactura_*.xml. The invoice's name (naming series) and the
test's dates are replaced by placeholders before comparing. RALOM_UPDATE_GOLDEN=1 rewrites them.
"""

import os
from pathlib import Path

import frappe
import pytest
from lxml import etree

from ralom_portal.demo import finance
from ralom_portal.demo.efactura import make_billing_address
from ralom_portal.efactura import checks, codes, schema
from ralom_portal.efactura.data import CUSTOMIZATION_ID, invoice_data
from ralom_portal.efactura.ubl import NS, build
from ralom_portal.utils.mail import in_language

GOLDEN = Path(__file__).parent / "golden"
POSTED = "2026-11-30"


def _item(factories, code, uom="Nos", rate=100):
	return factories.item(code, rate=rate, uom=uom).name


@pytest.fixture
def buyer(factories):
	customer = factories.customer("Client e-Factura SRL", tax_id="RO18547290")
	make_billing_address(customer.name)
	return customer.name


def _invoice(factories, customer, items=None, **kw):
	items = items or [
		(_item(factories, "EF-BETON"), 3, 250.5),
		(_item(factories, "EF-MANOPERA", uom="Hour"), 8, 120),
	]
	kw.setdefault("vat_rate", 19)
	kw.setdefault("posting_date", POSTED)
	kw.setdefault("due_date", "2026-12-30")
	return factories.sales_invoice(customer, items, **kw)


def _xpath(xml: bytes, path: str) -> list:
	return etree.fromstring(xml).xpath(path, namespaces={"i": NS["Invoice"], "c": NS["CreditNote"], **NS})


def _golden(name: str, xml: bytes, replacements: dict) -> None:
	text = xml.decode()
	for real, placeholder in replacements.items():
		text = text.replace(real, placeholder)
	path = GOLDEN / name
	if os.environ.get("RALOM_UPDATE_GOLDEN"):
		path.parent.mkdir(exist_ok=True)
		path.write_text(text)
	assert text == path.read_text()


def test_invoice_xml_matches_the_golden_file_and_passes_the_xsd_and_every_rule(factories, buyer):
	invoice = _invoice(factories, buyer)
	xml, problems = checks.prepare(invoice.name)
	assert problems == []
	_golden("efactura_invoice.xml", xml, {invoice.name: "{INVOICE}"})
	assert _xpath(xml, "/i:Invoice/cbc:CustomizationID/text()") == [CUSTOMIZATION_ID]
	assert _xpath(xml, "//cbc:InvoiceTypeCode/text()") == ["380"]
	# Units mapped from the ERPNext UOMs; the buyer's county as ISO 3166-2:RO.
	assert _xpath(xml, "//cbc:InvoicedQuantity/@unitCode") == ["H87", "HUR"]
	assert _xpath(xml, "//cac:AccountingCustomerParty//cbc:CountrySubentity/text()") == ["RO-IS"]
	assert _xpath(xml, "//cac:PaymentMeans/cbc:PaymentMeansCode/text()") == ["30"]


def test_credit_note_is_a_creditnote_type_381_with_positive_amounts_and_its_invoice(factories, buyer):
	invoice = _invoice(factories, buyer)
	note = finance.make_credit_note(invoice.name, 1, posting_date=POSTED)
	xml, problems = checks.prepare(note.name)
	assert problems == []
	_golden("efactura_credit_note.xml", xml, {note.name: "{CREDIT_NOTE}", invoice.name: "{INVOICE}"})
	assert etree.QName(etree.fromstring(xml)).localname == "CreditNote"
	assert _xpath(xml, "//cbc:CreditNoteTypeCode/text()") == ["381"]
	assert _xpath(xml, "//cbc:CreditedQuantity/text()") == ["1"]
	assert _xpath(xml, "//cac:BillingReference//cbc:ID/text()") == [invoice.name]
	# 250.50 + 19% = 298.095: ERPNext rounds the total to 298, stated as a rounding amount.
	assert _xpath(xml, "//cbc:TaxInclusiveAmount/text()") == ["298.10"]
	assert _xpath(xml, "//cbc:PayableRoundingAmount/text()") == ["-0.10"]
	assert _xpath(xml, "//cbc:PayableAmount/text()") == ["298.00"]


def test_a_foreign_currency_invoice_also_states_its_vat_in_ron(factories, buyer):
	account = finance.ensure_currency_account("EUR", 4.97)
	finance.set_customer_currency(buyer, "EUR", account)
	invoice = _invoice(
		factories,
		buyer,
		[(_item(factories, "EF-EUR"), 2, 100)],
		currency="EUR",
		conversion_rate=4.97,
		debit_to=account,
	)
	xml, problems = checks.prepare(invoice.name)
	assert problems == []
	assert _xpath(xml, "//cbc:DocumentCurrencyCode/text()") == ["EUR"]
	assert _xpath(xml, "//cbc:TaxCurrencyCode/text()") == ["RON"]
	totals = _xpath(xml, "/i:Invoice/cac:TaxTotal/cbc:TaxAmount")
	assert [(t.get("currencyID"), t.text) for t in totals] == [("EUR", "38.00"), ("RON", "188.86")]


def test_vat_rates_come_from_the_invoice_taxes_and_amounts_have_two_decimals(factories, buyer):
	invoice = _invoice(factories, buyer, [(_item(factories, "EF-CARTE"), 3, 33.333)], vat_rate=9)
	xml, problems = checks.prepare(invoice.name)
	assert problems == []
	assert _xpath(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:Percent/text()") == ["9"]
	assert _xpath(xml, "//cac:TaxSubtotal/cbc:TaxAmount/text()") == ["9.00"]
	amounts = _xpath(xml, "//*[@currencyID][not(self::cbc:PriceAmount)]/text()")
	assert amounts and all(len(a.split(".")[1]) == 2 for a in amounts)


def test_a_bucharest_buyer_gets_its_sector_as_the_city(factories):
	customer = factories.customer(tax_id="RO30123455").name
	make_billing_address(customer, street="Str. Lipscani 10", city="București, Sectorul 3", state="București")
	xml, problems = checks.prepare(_invoice(factories, customer).name)
	assert problems == []
	party = "//cac:AccountingCustomerParty//cac:PostalAddress"
	assert _xpath(xml, f"{party}/cbc:CityName/text()") == ["SECTOR3"]
	assert _xpath(xml, f"{party}/cbc:CountrySubentity/text()") == ["RO-B"]


def test_county_names_map_to_iso_3166_2_ro_codes():
	assert codes.county_code("Iași") == "RO-IS"
	assert codes.county_code("Județul Bistrița-Năsăud") == "RO-BN"
	assert codes.county_code("Caraş-Severin") == "RO-CS"
	assert codes.county_code("RO-CJ") == "RO-CJ"
	assert codes.county_code("Atlantis") is None
	assert codes.bucharest_sector("Sector 6") == "SECTOR6"


def _problems_in_romanian(invoice) -> list[str]:
	with in_language("ro"):
		return checks.prepare(invoice)[1]


def test_a_buyer_address_without_county_is_refused_in_romanian_naming_the_field(factories):
	customer = factories.customer(tax_id="RO18547290").name
	make_billing_address(customer, state=None)
	problems = _problems_in_romanian(_invoice(factories, customer).name)
	assert problems == ["BR-RO-110: Adresa clientului nu are județ"]


def test_a_buyer_without_cui_is_refused(factories):
	customer = factories.customer().name
	make_billing_address(customer)
	assert _problems_in_romanian(_invoice(factories, customer).name) == [
		"BR-RO-120: Clientul nu are CUI (Tax ID)"
	]


def test_a_buyer_without_any_address_is_refused(factories):
	customer = factories.customer(tax_id="RO18547290").name
	assert _problems_in_romanian(_invoice(factories, customer).name) == [
		"BR-10: Clientul nu are adresă de facturare"
	]


def test_a_bucharest_address_without_sector_is_refused(factories):
	customer = factories.customer(tax_id="RO18547290").name
	make_billing_address(customer, city="București", state="Municipiul București")
	problems = _problems_in_romanian(_invoice(factories, customer).name)
	assert problems == [
		"BR-RO-100: Adresa clientului este în București, dar nu are sectorul (Sector 1-6) în localitate"
	]


def test_a_unit_without_a_rec_20_code_is_refused_until_mapped_in_the_settings(factories, buyer):
	if not frappe.db.exists("UOM", "Cutie EF"):
		frappe.get_doc({"doctype": "UOM", "uom_name": "Cutie EF"}).insert(ignore_permissions=True)
	invoice = _invoice(factories, buyer, [(_item(factories, "EF-CUTIE", uom="Cutie EF"), 2, 50)])
	assert _problems_in_romanian(invoice.name) == [
		"BR-23: Unitatea de măsură Cutie EF nu are cod UN/ECE Rec 20: adăugați-l în Setări e-Factura"
	]
	settings = frappe.get_single("e-Factura Settings")
	settings.append("unit_codes", {"uom": "Cutie EF", "unit_code": "xbx"})
	settings.save(ignore_permissions=True)
	xml, problems = checks.prepare(invoice.name)
	assert problems == []
	assert _xpath(xml, "//cbc:InvoicedQuantity/@unitCode") == ["XBX"]


def test_zero_rate_lines_need_a_vat_category_and_an_exempt_one_its_reason(factories, buyer):
	invoice = _invoice(factories, buyer, vat_rate=None)
	assert _problems_in_romanian(invoice.name) == [
		"BR-CO-04: Linia 1 are cota TVA 0%: alegeți categoria TVA pentru liniile cu 0% (e-Factura)",
		"BR-CO-04: Linia 2 are cota TVA 0%: alegeți categoria TVA pentru liniile cu 0% (e-Factura)",
	]
	invoice.db_set("ralom_vat_category", "E")
	assert _problems_in_romanian(invoice.name) == ["BR-E-10: Motivul scutirii de TVA (e-Factura) lipsește"]
	invoice.db_set("ralom_vat_exemption_reason", "Scutit conform art. 292 Cod fiscal")
	xml, problems = checks.prepare(invoice.name)
	assert problems == []
	assert _xpath(xml, "//cac:TaxSubtotal//cbc:ID[1]/text()")[0] == "E"
	assert _xpath(xml, "//cbc:TaxExemptionReason/text()") == ["Scutit conform art. 292 Cod fiscal"]


def test_a_company_without_iban_is_refused(factories, buyer):
	invoice = _invoice(factories, buyer)
	frappe.db.set_value("Company", invoice.company, {"ralom_iban": "", "default_bank_account": None})
	assert _problems_in_romanian(invoice.name) == [
		"BR-61: Compania nu are IBAN (Companie: IBAN pentru transferuri)"
	]


def test_the_xsd_check_reports_what_the_rules_do_not_see(factories, buyer):
	data = invoice_data(_invoice(factories, buyer))
	data["lines"] = []
	errors = schema.errors(build(data))
	# UBL 2.1 requires at least one invoice line.
	assert errors and any("InvoiceLine" in e for e in errors)


def test_a_draft_invoice_is_not_prepared(factories, buyer):
	draft = _invoice(factories, buyer, submit=False)
	with in_language("ro"):
		assert checks.prepare(draft.name) == (b"", ["Doar o factură emisă poate fi trimisă în e-Factura"])
