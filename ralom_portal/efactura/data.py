"""The e-Factura data of a submitted Sales Invoice, read from ERPNext once, as plain dicts.

`ubl.py` writes exactly this data as XML and `rules.py` checks exactly this data, so what is checked
is what is sent. A return (credit note) keeps ERPNext's negative quantities and amounts as positive
numbers: a UBL `CreditNote` (type 381) states what is credited, with its own positive lines.
"""

from __future__ import annotations

import json

import frappe
from frappe.utils import cstr, flt, getdate

from ralom_portal.efactura import codes
from ralom_portal.utils.addresses import address_row

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:efactura.mfinante.ro:CIUS-RO:1.0.1"
NATIONAL_CURRENCY = "RON"


def money(value) -> float:
	return flt(value, 2)


def invoice_data(doc) -> dict:
	"""Everything the XML states about `doc` (a Sales Invoice document)."""
	sign = -1 if doc.is_return else 1
	lines = _lines(doc, sign)
	breakdown = _breakdown(doc, lines, sign)
	net = money(sum(line["net_amount"] for line in lines))
	tax = money(sum(row["tax"] for row in breakdown))
	rounding = money(sign * flt(doc.rounding_adjustment)) if not doc.disable_rounded_total else 0.0
	prepaid = money(sign * flt(doc.total_advance))
	foreign = doc.currency != NATIONAL_CURRENCY
	return {
		"kind": "CreditNote" if doc.is_return else "Invoice",
		"type_code": "381" if doc.is_return else "380",
		"number": doc.name,
		"issue_date": str(getdate(doc.posting_date)),
		"due_date": str(getdate(doc.due_date)) if doc.due_date else None,
		"currency": doc.currency,
		"tax_currency": NATIONAL_CURRENCY if foreign else None,
		"order_reference": cstr(doc.po_no).strip() or None,
		"billing_reference": _billing_reference(doc),
		"seller": seller(doc.company, doc.company_address),
		"buyer": buyer(doc.customer, doc.customer_address, doc.customer_name),
		"lines": lines,
		"breakdown": breakdown,
		"totals": {
			"lines": net,
			"tax_exclusive": net,
			"tax": tax,
			"tax_inclusive": money(net + tax),
			"prepaid": prepaid,
			"rounding": rounding,
			"payable": money(net + tax - prepaid + rounding),
		},
		# ERPNext's own totals, to compare with what the XML says (rules.py, BR-CO checks).
		"erpnext_tax": money(sign * flt(doc.total_taxes_and_charges)),
		"erpnext_grand_total": money(sign * flt(doc.grand_total)),
		"tax_in_ron": money(sign * flt(doc.base_total_taxes_and_charges)) if foreign else None,
		"unsupported_taxes": [
			t.description or t.account_head for t in doc.taxes if t.charge_type == "Actual"
		],
	}


def _billing_reference(doc) -> dict | None:
	if not (doc.is_return and doc.return_against):
		return None
	date = frappe.db.get_value("Sales Invoice", doc.return_against, "posting_date")
	return {"number": doc.return_against, "date": str(getdate(date)) if date else None}


def unit_overrides() -> dict[str, str]:
	"""The UOM → Rec 20 mapping staff edited in e-Factura Settings."""
	rows = frappe.get_all("e-Factura Unit Code", fields=["uom", "unit_code"], limit_page_length=0)
	return {r.uom: r.unit_code.strip().upper() for r in rows if r.uom and r.unit_code}


def _lines(doc, sign: int) -> list[dict]:
	rates = item_rates(doc)
	overrides = unit_overrides()
	category = doc.get("ralom_vat_category") or None
	lines = []
	for row in doc.items:
		rate = flt(rates.get(row.item_code, rates.get(None, 0)), 4)
		qty = sign * flt(row.qty)
		net_amount = money(sign * flt(row.net_amount if row.get("net_amount") is not None else row.amount))
		uom = row.uom or row.stock_uom
		lines.append(
			{
				"id": str(row.idx),
				"item_code": row.item_code,
				"name": cstr(row.item_name or row.item_code).strip(),
				"description": frappe.utils.strip_html_tags(cstr(row.description)).strip() or None,
				"qty": qty,
				"uom": uom,
				"unit": codes.unit_code(uom, overrides),
				"net_amount": net_amount,
				# The net unit price: the line's net amount over its quantity, so qty * price = net.
				"price": flt(net_amount / qty, 6) if qty else 0.0,
				"rate": rate,
				"category": "S" if rate > 0 else category,
			}
		)
	return lines


def item_rates(doc) -> dict:
	"""{item_code: VAT rate} from the invoice's tax rows (`None`: a tax row without item detail)."""
	rates: dict = {}
	for tax in doc.get("taxes") or []:
		if tax.charge_type == "Actual":
			continue
		try:
			detail = json.loads(tax.item_wise_tax_detail or "{}")
		except ValueError:
			detail = {}
		for item_code, value in detail.items():
			rate = value[0] if isinstance(value, list) else value
			rates[item_code] = flt(rates.get(item_code)) + flt(rate)
		if not detail:
			rates[None] = flt(rates.get(None)) + flt(tax.rate)
	return rates


def _breakdown(doc, lines: list[dict], sign: int) -> list[dict]:
	"""One row per (category, rate): taxable amount and VAT. Each row's VAT is its taxable amount
	times its rate; the difference from the VAT ERPNext booked (line-wise rounding) goes to the
	largest row, so the XML's VAT total is the invoice's VAT."""
	groups: dict[tuple, float] = {}
	for line in lines:
		key = (line["category"], line["rate"])
		groups[key] = groups.get(key, 0.0) + line["net_amount"]
	reason = cstr(doc.get("ralom_vat_exemption_reason")).strip() or None
	rows = [
		{
			"category": category,
			"rate": rate,
			"taxable": money(taxable),
			"tax": money(taxable * rate / 100),
			"reason": reason if category in ("E", "AE") else None,
		}
		for (category, rate), taxable in groups.items()
	]
	booked = money(sign * flt(doc.total_taxes_and_charges))
	difference = money(booked - sum(r["tax"] for r in rows))
	taxed = [r for r in rows if r["rate"] > 0]
	# Only a rounding difference is absorbed; a larger one (a non-VAT tax row) is left for the rules.
	if taxed and difference and abs(difference) <= 0.01 * len(lines):
		largest = max(taxed, key=lambda r: r["taxable"])
		largest["tax"] = money(largest["tax"] + difference)
	return rows


def _address(name: str | None) -> dict | None:
	row = address_row(name)
	if not row:
		return None
	country = (frappe.db.get_value("Country", row.country, "code") or "").upper() or None
	street = ", ".join(v for v in (cstr(row.address_line1).strip(), cstr(row.address_line2).strip()) if v)
	county = codes.county_code(row.state) if country == "RO" else (cstr(row.state).strip() or None)
	city = cstr(row.city).strip() or None
	if county == "RO-B":
		# In Bucharest CIUS-RO wants the sector as the city (BR-RO-100).
		city = codes.bucharest_sector(row.city, row.address_line2, row.address_line1) or city
	return {
		"street": street or None,
		"city": city,
		"postal": cstr(row.pincode).strip() or None,
		"county": county,
		"state": cstr(row.state).strip() or None,
		"country": country,
	}


def _linked_address(doctype: str, name: str) -> str | None:
	rows = frappe.db.sql(
		"""select a.name from `tabAddress` a
		join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
		where dl.link_doctype = %s and dl.link_name = %s and a.disabled = 0
		order by a.is_your_company_address desc, a.is_primary_address desc, a.creation limit 1""",
		(doctype, name),
	)
	return rows[0][0] if rows else None


def seller(company: str, address: str | None = None) -> dict:
	row = frappe.db.get_value(
		"Company",
		company,
		["company_name", "tax_id", "ralom_reg_com", "ralom_iban", "ralom_bank", "default_bank_account"],
		as_dict=True,
	)
	iban = cstr(row.ralom_iban).replace(" ", "") or None
	if not iban and row.default_bank_account:
		iban = cstr(frappe.db.get_value("Bank Account", row.default_bank_account, "iban")).replace(" ", "")
	tax_id = cstr(row.tax_id).replace(" ", "").upper() or None
	return {
		"name": row.company_name or company,
		"vat_id": tax_id if tax_id and tax_id[:2].isalpha() else None,
		"cui": tax_id,
		"reg_com": cstr(row.ralom_reg_com).strip() or None,
		"iban": iban or None,
		"address": _address(address or _linked_address("Company", company)),
	}


def buyer(customer: str, address: str | None = None, name: str | None = None) -> dict:
	row = frappe.db.get_value(
		"Customer", customer, ["customer_name", "tax_id", "ralom_reg_com"], as_dict=True
	)
	tax_id = cstr(row.tax_id).replace(" ", "").upper() or None
	vat_id = tax_id if tax_id and tax_id[:2].isalpha() else None
	return {
		"name": name or row.customer_name or customer,
		"vat_id": vat_id,
		# The CUI without its RO prefix, or the Reg. Com. when staff recorded it.
		"legal_id": cstr(row.ralom_reg_com).strip() or (tax_id[2:] if vat_id else tax_id),
		"cui": tax_id,
		"address": _address(address or _linked_address("Customer", customer)),
	}
