"""The data every client document (offer, invoice, statement, contract) prints: seller, buyer, lines,
VAT per rate, totals and the total in words.

One context builder for one print layout (`templates/print/document.html`), so the documents a
client files and forwards to an accountant all carry the same legal data in the same places. Used
by the portal's PDFs and, through the `ralom_document` Jinja method, by the desk print format, so
staff see exactly what the client gets.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, flt

from ralom_portal.efactura.data import item_rates
from ralom_portal.portal.queries.seller import seller as company_data
from ralom_portal.setup.company import default_company
from ralom_portal.utils.addresses import address_row
from ralom_portal.utils.words_ro import amount_in_words


def seller(company: str) -> dict:
	"""The company's legal data; a missing CUI or IBAN stays None (the layout marks it missing).
	The IBAN and bank fall back to the company's default bank account, as on the invoice page."""
	row = company_data(company)
	address = frappe.db.sql(
		"""select a.name from `tabAddress` a
		join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
		where dl.link_doctype = 'Company' and dl.link_name = %s and a.disabled = 0
		order by a.is_your_company_address desc, a.is_primary_address desc, a.creation limit 1""",
		company,
	)
	return frappe._dict(
		name=row.company_name or company,
		cui=row.tax_id or None,
		reg_com=row.trade_register or None,
		iban=row.iban or None,
		bank=row.bank or None,
		logo=row.company_logo or None,
		address=address_lines(address[0][0]) if address else [],
	)


def buyer(customer: str, address: str | None = None) -> dict:
	row = (
		frappe.db.get_value("Customer", customer, ["customer_name", "tax_id"], as_dict=True) or frappe._dict()
	)
	return frappe._dict(
		name=row.customer_name or customer,
		cui=row.tax_id or None,
		address=address_lines(address) if address else [],
	)


def address_lines(name: str) -> list[str]:
	row = address_row(name)
	if not row:
		return []
	city = " ".join(v for v in (cstr(row.pincode), cstr(row.city)) if v)
	return [
		v for v in (row.address_line1, row.address_line2, city, row.state, row.country) if cstr(v).strip()
	]


def lines(doc) -> list[dict]:
	"""Document lines with the VAT rate each carries (from ERPNext's item-wise tax detail)."""
	rates = item_rates(doc)  # the e-Factura XML reads the same rates
	return [
		frappe._dict(
			idx=row.idx,
			item_code=row.item_code,
			item_name=row.item_name,
			# Descriptions are staff HTML: only plain text reaches the PDF.
			description=frappe.utils.strip_html_tags(cstr(row.description)).strip(),
			qty=row.qty,
			uom=_(row.uom or row.stock_uom or "", context="UOM"),
			rate=row.rate,
			amount=row.amount,
			net_amount=row.net_amount if row.get("net_amount") is not None else row.amount,
			vat_rate=rates.get(row.item_code, rates.get(None, 0)),
		)
		for row in doc.items
	]


# wkhtmltopdf (as Debian builds it) does not repeat a table's header on the next page, so the lines
# are cut into one table per page here, each with its own header. Conservative counts leave room
# for lines that wrap onto a second row.
FIRST_PAGE_LINES = 30
PAGE_LINES = 42


def line_pages(rows: list) -> list[list]:
	pages = [rows[:FIRST_PAGE_LINES]]
	rest = rows[FIRST_PAGE_LINES:]
	pages += [rest[i : i + PAGE_LINES] for i in range(0, len(rest), PAGE_LINES)]
	return pages


def vat_breakdown(doc, rows) -> list[dict]:
	"""Per VAT rate: the base it applies to and the VAT, with the document's tax total kept exact."""
	by_rate = {}
	for row in rows:
		entry = by_rate.setdefault(flt(row.vat_rate), frappe._dict(rate=flt(row.vat_rate), base=0.0, vat=0.0))
		entry.base += flt(row.net_amount)
	for entry in by_rate.values():
		entry.vat = flt(entry.base * entry.rate / 100, 2)
	# ERPNext rounds per tax row; the breakdown must add up to its total, so the rounding goes last.
	total_vat = flt(doc.get("total_taxes_and_charges"))
	taxed = [e for e in by_rate.values() if e.rate]
	if taxed:
		taxed[-1].vat = flt(taxed[-1].vat + total_vat - sum(e.vat for e in taxed), 2)
	return sorted(by_rate.values(), key=lambda e: e.rate)


def statement_parties(customers: tuple[str, ...]) -> dict:
	"""The header of a statement of account: the seller, and the client (or clients, when the user
	acts for several: their names together, no single CUI)."""
	if len(customers) == 1:
		client = buyer(customers[0])
	else:
		client = frappe._dict(
			name=", ".join(frappe.get_cached_value("Customer", c, "customer_name") or c for c in customers),
			cui=None,
			address=[],
			several=True,
		)
	return frappe._dict(seller=seller(default_company()), buyer=client)


def ralom_document(doc, title: str | None = None) -> dict:
	"""Everything the print layout shows for `doc`: the parties for any document (a Contract too),
	plus lines, VAT and totals for a Quotation or a Sales Invoice."""
	party = doc.get("party_name") if doc.doctype in ("Quotation", "Contract") else doc.get("customer")
	d = frappe._dict(
		title=title or _(doc.doctype),
		seller=seller(doc.get("company") or default_company()),
		buyer=buyer(party, doc.get("customer_address")),
	)
	if doc.doctype == "Contract":
		return d
	rows = lines(doc)
	total = doc.get("rounded_total") or doc.get("grand_total")
	d.update(
		lines=rows,
		line_pages=line_pages(rows),
		vat=vat_breakdown(doc, rows),
		total=total,
		currency=doc.currency,
		# Who decided an offer in the portal (printed as its acceptance state).
		decided_by=frappe.utils.get_fullname(doc.get("ralom_portal_decided_by"))
		if doc.get("ralom_portal_decided_by")
		else None,
		total_in_words=amount_in_words(total, doc.currency)
		if frappe.local.lang == "ro"
		else frappe.utils.money_in_words(total, doc.currency),
	)
	return d
