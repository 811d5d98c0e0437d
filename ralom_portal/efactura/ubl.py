"""The invoice's e-Factura data (`data.invoice_data`) as UBL 2.1 XML, in the XSD's element order.

An invoice is an `Invoice` (type 380), a return a `CreditNote` (type 381, whose lines are
`CreditNoteLine` with `CreditedQuantity`, and which has no `DueDate`: its due date goes in the
payment means). Amounts carry 2 decimals; a non-RON invoice also states its VAT in RON.
"""

from __future__ import annotations

from lxml import etree

from ralom_portal.efactura.data import CUSTOMIZATION_ID

NS = {
	"Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
	"CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
	"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
	"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CAC = "{%s}" % NS["cac"]
CBC = "{%s}" % NS["cbc"]


def amount(value) -> str:
	return f"{value:.2f}"


def quantity(value) -> str:
	return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _add(parent, tag: str, text=None, **attributes):
	"""A child `cac:`/`cbc:` element; text None means an aggregate (no text)."""
	element = etree.SubElement(parent, (CBC if text is not None else CAC) + tag, attributes)
	if text is not None:
		element.text = str(text)
	return element


def _text(parent, tag: str, text, **attributes):
	"""A `cbc:` element only when there is something to say."""
	if text not in (None, ""):
		return _add(parent, tag, text, **attributes)
	return None


def build(data: dict) -> bytes:
	kind = data["kind"]
	root = etree.Element(
		"{%s}%s" % (NS[kind], kind), nsmap={None: NS[kind], "cac": NS["cac"], "cbc": NS["cbc"]}
	)
	currency = data["currency"]
	_add(root, "CustomizationID", CUSTOMIZATION_ID)
	_add(root, "ID", data["number"])
	_add(root, "IssueDate", data["issue_date"])
	if kind == "Invoice":
		_text(root, "DueDate", data["due_date"])
		_add(root, "InvoiceTypeCode", data["type_code"])
	else:
		_add(root, "CreditNoteTypeCode", data["type_code"])
	_add(root, "DocumentCurrencyCode", currency)
	_text(root, "TaxCurrencyCode", data["tax_currency"])
	if data["order_reference"]:
		_add(_add(root, "OrderReference"), "ID", data["order_reference"])
	if data["billing_reference"]:
		reference = _add(_add(root, "BillingReference"), "InvoiceDocumentReference")
		_add(reference, "ID", data["billing_reference"]["number"])
		_text(reference, "IssueDate", data["billing_reference"]["date"])
	_party(_add(_add(root, "AccountingSupplierParty"), "Party"), data["seller"], seller=True)
	_party(_add(_add(root, "AccountingCustomerParty"), "Party"), data["buyer"], seller=False)
	_payment_means(root, data)
	_tax_total(root, data, currency)
	_totals(root, data["totals"], currency)
	for line in data["lines"]:
		_line(root, line, kind, currency)
	return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _party(party, p: dict, *, seller: bool) -> None:
	_add(_add(party, "PartyName"), "Name", p["name"])
	address = p["address"] or {}
	postal = _add(party, "PostalAddress")
	_text(postal, "StreetName", address.get("street"))
	_text(postal, "CityName", address.get("city"))
	_text(postal, "PostalZone", address.get("postal"))
	_text(postal, "CountrySubentity", address.get("county"))
	_add(_add(postal, "Country"), "IdentificationCode", address.get("country") or "")
	if p.get("vat_id"):
		scheme = _add(party, "PartyTaxScheme")
		_add(scheme, "CompanyID", p["vat_id"])
		_add(_add(scheme, "TaxScheme"), "ID", "VAT")
	legal = _add(party, "PartyLegalEntity")
	_add(legal, "RegistrationName", p["name"])
	_text(legal, "CompanyID", p["reg_com"] if seller else p.get("legal_id"))


def _payment_means(root, data: dict) -> None:
	means = _add(root, "PaymentMeans")
	_add(means, "PaymentMeansCode", "30")
	if data["kind"] == "CreditNote":
		_text(means, "PaymentDueDate", data["due_date"])
	if data["seller"]["iban"]:
		_add(_add(means, "PayeeFinancialAccount"), "ID", data["seller"]["iban"])


def _category(parent, tag: str, category: str | None, rate: float, reason: str | None = None) -> None:
	element = _add(parent, tag)
	_add(element, "ID", category or "")
	_add(element, "Percent", quantity(rate))
	_text(element, "TaxExemptionReason", reason)
	_add(_add(element, "TaxScheme"), "ID", "VAT")


def _tax_total(root, data: dict, currency: str) -> None:
	total = _add(root, "TaxTotal")
	_add(total, "TaxAmount", amount(data["totals"]["tax"]), currencyID=currency)
	for row in data["breakdown"]:
		subtotal = _add(total, "TaxSubtotal")
		_add(subtotal, "TaxableAmount", amount(row["taxable"]), currencyID=currency)
		_add(subtotal, "TaxAmount", amount(row["tax"]), currencyID=currency)
		_category(subtotal, "TaxCategory", row["category"], row["rate"], row["reason"])
	if data["tax_currency"]:
		# BR-53: the VAT total in the accounting currency (RON), as booked by ERPNext.
		ron = _add(root, "TaxTotal")
		_add(ron, "TaxAmount", amount(data["tax_in_ron"] or 0), currencyID=data["tax_currency"])


def _totals(root, totals: dict, currency: str) -> None:
	monetary = _add(root, "LegalMonetaryTotal")
	_add(monetary, "LineExtensionAmount", amount(totals["lines"]), currencyID=currency)
	_add(monetary, "TaxExclusiveAmount", amount(totals["tax_exclusive"]), currencyID=currency)
	_add(monetary, "TaxInclusiveAmount", amount(totals["tax_inclusive"]), currencyID=currency)
	if totals["prepaid"]:
		_add(monetary, "PrepaidAmount", amount(totals["prepaid"]), currencyID=currency)
	if totals["rounding"]:
		_add(monetary, "PayableRoundingAmount", amount(totals["rounding"]), currencyID=currency)
	_add(monetary, "PayableAmount", amount(totals["payable"]), currencyID=currency)


def _line(root, line: dict, kind: str, currency: str) -> None:
	credit = kind == "CreditNote"
	element = _add(root, "CreditNoteLine" if credit else "InvoiceLine")
	_add(element, "ID", line["id"])
	unit = {"unitCode": line["unit"]} if line["unit"] else {}
	_add(element, "CreditedQuantity" if credit else "InvoicedQuantity", quantity(line["qty"]), **unit)
	_add(element, "LineExtensionAmount", amount(line["net_amount"]), currencyID=currency)
	item = _add(element, "Item")
	if line["description"] and line["description"] != line["name"]:
		_add(item, "Description", line["description"])
	_add(item, "Name", line["name"])
	if line["item_code"]:
		_add(_add(item, "SellersItemIdentification"), "ID", line["item_code"])
	_category(item, "ClassifiedTaxCategory", line["category"], line["rate"])
	price = _add(element, "Price")
	_add(price, "PriceAmount", quantity(line["price"]), currencyID=currency)


def xml_for(invoice) -> bytes:
	"""The XML of a Sales Invoice (name or document)."""
	import frappe

	from ralom_portal.efactura.data import invoice_data

	doc = frappe.get_doc("Sales Invoice", invoice) if isinstance(invoice, str) else invoice
	return build(invoice_data(doc))
