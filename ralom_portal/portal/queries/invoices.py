"""Sales invoices for the portal: the paginated list with totals, and the invoice page.

Only submitted invoices of the client's customers (`rules.sales_invoice`), explicit columns only.
The list costs three queries whatever the number of rows (the maintained per-customer totals, what
the open invoices still owe, the page; with a filter, two: the filter's totals, the page); the
invoice page costs five (invoice, lines, taxes, payments,
credit notes).
"""

from __future__ import annotations

import math
from urllib.parse import quote

import frappe
from frappe.utils import flt

from ralom_portal.access import rules
from ralom_portal.efactura.transmit import STATUSES as EFACTURA_STATUSES
from ralom_portal.portal.queries import params
from ralom_portal.summaries import invoice_totals

# The portal's statuses (derived from amounts and dates, so a filter and a badge always agree):
STATUSES = ("Unpaid", "Partly Paid", "Overdue", "Paid", "Credit Note")


def outstanding_sql(table: str = "si") -> str:
	"""What is left to pay, in the invoice's currency.

	ERPNext keeps `outstanding_amount` in the party account's currency: a EUR invoice booked on a
	RON receivable account has its outstanding in RON. It is converted back at the invoice's rate."""
	t = table
	return (
		f"round(if(ifnull({t}.party_account_currency, {t}.currency) = {t}.currency, {t}.outstanding_amount,"
		f" {t}.outstanding_amount / ifnull(nullif({t}.conversion_rate, 0), 1)), 2)"
	)


_OUT = outstanding_sql("si")
# The invoice's e-Factura state (written by the server only, efactura/transmit.py); empty is not sent.
_EFACTURA = "ifnull(nullif(si.ralom_efactura_status, ''), 'Not Sent')"

# `si` is `tabSales Invoice`. Grand total as the client pays it (the rounded total when rounding is on).
_TOTAL = invoice_totals.TOTAL  # if(ifnull(si.rounded_total, 0) != 0, si.rounded_total, si.grand_total)
# Credit notes issued against the invoice that reduced its outstanding (not self-standing ones).
_CREDITED = """ifnull((select -sum(if(ifnull(cn.rounded_total, 0) != 0, cn.rounded_total, cn.grand_total))
	from `tabSales Invoice` cn where cn.return_against = si.name and cn.is_return = 1
	and cn.docstatus = 1 and ifnull(cn.update_outstanding_for_self, 0) = 0), 0)"""
_STATUS = f"""case
	when si.is_return = 1 then 'Credit Note'
	when {_OUT} <= 0 then 'Paid'
	when si.due_date < %(today)s then 'Overdue'
	when {_OUT} < {_TOTAL} - {_CREDITED} then 'Partly Paid'
	else 'Unpaid' end"""

LIST_COLUMNS = f"""si.name, si.customer, si.customer_name, si.posting_date, si.due_date, si.currency,
	{_TOTAL} as grand_total, {_OUT} as outstanding_amount, si.is_return, si.return_against, si.po_no,
	{_CREDITED} as credited, {_STATUS} as portal_status,
	{_EFACTURA} as efactura_status, si.ralom_efactura_upload_index as efactura_index,
	(select min(sii.sales_order) from `tabSales Invoice Item` sii where sii.parent = si.name
		and sii.parenttype = 'Sales Invoice') as sales_order,
	(select min(soi.prevdoc_docname) from `tabSales Invoice Item` sii
		join `tabSales Order Item` soi on soi.parent = sii.sales_order and soi.prevdoc_docname is not null
		where sii.parent = si.name and sii.parenttype = 'Sales Invoice') as quotation"""


def _where(customers, status=None, start=None, end=None, search=None, efactura=None) -> tuple[str, dict]:
	condition = rules.sales_invoice(customers).replace("`tabSales Invoice`", "si")
	values = {"today": params.today()}
	if status in STATUSES:
		condition += f" and ({_STATUS}) = %(status)s"
		values["status"] = status
	if efactura in EFACTURA_STATUSES:
		condition += f" and {_EFACTURA} = %(efactura)s"
		values["efactura"] = efactura
	if start:
		condition += " and si.posting_date >= %(start)s"
		values["start"] = start
	if end:
		condition += " and si.posting_date <= %(end)s"
		values["end"] = end
	if search:
		condition += " and (si.name like %(search)s or si.po_no like %(search)s)"
		values["search"] = params.like_pattern(search)
	return condition, values


def invoice_list(
	customers: tuple[str, ...],
	*,
	status=None,
	start=None,
	end=None,
	search=None,
	efactura=None,
	page=1,
	page_size=20,
) -> dict:
	"""One page of invoices (newest first) with the filter's count and per-currency totals.

	Unfiltered, the count and the invoiced and credited sums come from the maintained per-customer
	summary (summaries/invoice_totals.py) and only the open invoices are read for what is still
	owed: three queries that cost the same for 7 invoices or 3,000. A filter (status, dates, text,
	e-Factura) adds up the matching invoices instead: two queries, reading the client's index
	entries (covering index, setup/indexes.py)."""
	condition, values = _where(customers, status, start, end, search, efactura)
	if status or start or end or search or efactura:
		totals = _totals([], frappe.db.sql(_live_sums(customers, condition), values, as_dict=True))
	else:
		totals = _summary_totals(customers, values)
	count = sum(int(t["count"]) for t in totals)
	pages = max(1, math.ceil(count / page_size))
	page = min(max(int(page or 1), 1), pages)
	rows = frappe.db.sql(
		f"""select {LIST_COLUMNS} from `tabSales Invoice` si where {condition}
		order by si.posting_date desc, si.name desc
		limit %(limit)s offset %(offset)s""",
		{**values, "limit": page_size, "offset": (page - 1) * page_size},
		as_dict=True,
	)
	for row in rows:
		_amounts(row)
	return {
		"invoices": rows,
		"totals": totals,
		"count": count,
		"page": page,
		"pages": pages,
		"page_size": page_size,
	}


# Per currency: the sums of the totals table. `credited` is what credit notes took off the invoices
# (paid = invoiced - credited - what the invoices still owe).
_SUMS = f"""si.currency, count(*) as count,
	sum(if(si.is_return = 0, {_TOTAL}, 0)) as invoiced,
	sum(if(si.is_return = 1, -{_TOTAL}, 0)) as credit_notes,
	sum(if(si.is_return = 0, ifnull(cr.credited, 0), 0)) as credited,
	sum({_OUT}) as outstanding,
	sum(if(si.is_return = 0, {_OUT}, 0)) as outstanding_invoices,
	sum(if({_OUT} > 0 and si.due_date < %(today)s, {_OUT}, 0)) as overdue"""


def _live_sums(customers: tuple[str, ...], condition: str) -> str:
	"""The sums over every invoice matching `condition`. What credit notes took off each invoice
	comes from one join with the client's credit notes (a handful), not from `_CREDITED` run once
	per invoice; with it, every column read is in the (customer, ...) covering index. ERPNext makes a
	credit note's customer its invoice's, so the client's credit notes are all there are."""
	return f"""select {_SUMS}
		from `tabSales Invoice` si
		left join ({_credited_per_invoice(customers)}) cr on cr.return_against = si.name
		where {condition}
		group by si.currency"""


def _summary_totals(customers: tuple[str, ...], values: dict) -> list[dict]:
	"""The unfiltered totals: the summary's rows, plus what the summarized customers' open invoices
	still owe (by the (customer, outstanding_amount) index: an invoice with nothing open adds 0 to
	every open sum), plus the live sums of customers never summarized. Two queries."""
	summary = invoice_totals.summarized(customers)
	done = tuple(sorted({r.customer for r in summary}))
	rest = tuple(c for c in customers if c not in done)
	parts = []
	if done:
		condition = rules.sales_invoice(done).replace("`tabSales Invoice`", "si")
		parts.append(
			f"""select si.currency, 0 as count, 0 as invoiced, 0 as credit_notes, 0 as credited,
				sum({_OUT}) as outstanding, sum(if(si.is_return = 0, {_OUT}, 0)) as outstanding_invoices,
				sum(if({_OUT} > 0 and si.due_date < %(today)s, {_OUT}, 0)) as overdue
			from `tabSales Invoice` si
			where {condition} and (si.outstanding_amount > 0 or si.outstanding_amount < 0)
			group by si.currency"""
		)
	if rest:
		parts.append(_live_sums(rest, rules.sales_invoice(rest).replace("`tabSales Invoice`", "si")))
	if not parts:
		return []
	return _totals(summary, frappe.db.sql(" union all ".join(parts), values, as_dict=True))


def _totals(summary: list[dict], sums: list[dict]) -> list[dict]:
	"""Summary rows and query sums added per currency, in the list's shape, currencies in order."""
	keys = ("count", "invoiced", "credit_notes", "credited", "outstanding", "outstanding_invoices", "overdue")
	by_currency: dict[str, dict] = {}
	for row in [*({**r, "count": r["invoices"]} for r in summary), *sums]:
		total = by_currency.setdefault(row["currency"], dict.fromkeys(keys, 0))
		for key in keys:
			total[key] += flt(row.get(key))
	totals = []
	for currency in sorted(by_currency):
		t = by_currency[currency]
		if not t["count"]:
			continue  # a summarized currency whose invoices were all cancelled
		totals.append(
			frappe._dict(
				currency=currency,
				count=int(t["count"]),
				invoiced=flt(t["invoiced"], 2),
				credit_notes=flt(t["credit_notes"], 2),
				paid=flt(t["invoiced"] - t["credited"] - t["outstanding_invoices"], 2),
				outstanding=flt(t["outstanding"], 2),
				overdue=flt(t["overdue"], 2),
			)
		)
	return totals


def _credited_per_invoice(customers: tuple[str, ...]) -> str:
	"""`_CREDITED` for every invoice of `customers` that has credit notes, as rows (return_against,
	credited); read through the (customer, is_return) index."""
	condition = rules.sales_invoice(customers).replace("`tabSales Invoice`", "cn")
	return f"""select cn.return_against, -sum(if(ifnull(cn.rounded_total, 0) != 0, cn.rounded_total,
			cn.grand_total)) as credited
		from `tabSales Invoice` cn
		where {condition} and cn.is_return = 1 and ifnull(cn.update_outstanding_for_self, 0) = 0
			and ifnull(cn.return_against, '') != ''
		group by cn.return_against"""


def _amounts(row) -> None:
	today = params.today()
	row.grand_total = flt(row.grand_total, 2)
	row.outstanding_amount = flt(row.outstanding_amount, 2)
	row.credited = flt(row.credited, 2)
	row.paid = 0.0 if row.is_return else flt(row.grand_total - row.credited - row.outstanding_amount, 2)
	row.days_overdue = (today - row.due_date).days if row.portal_status == "Overdue" and row.due_date else 0


# Invoice page -----------------------------------------------------------------------------------

DETAIL_COLUMNS = f"""{LIST_COLUMNS}, si.company, si.net_total, si.total_taxes_and_charges,
	si.discount_amount, si.grand_total as exact_grand_total, si.rounding_adjustment, si.terms,
	si.in_words, si.payment_terms_template, si.customer_address, si.address_display, si.tax_id,
	si.write_off_amount, si.ralom_efactura_uploaded_on as efactura_uploaded_on,
	si.ralom_efactura_validated_on as efactura_validated_on,
	ifnull(si.ralom_efactura_xml, '') != '' as efactura_has_xml,
	({_EFACTURA} = 'Validated' and ifnull(si.ralom_efactura_signed_zip, '') != '') as efactura_has_zip"""


def invoice(customers: tuple[str, ...], name) -> dict | None:
	"""Everything the invoice page shows, or None when it is not a submitted invoice of `customers`."""
	if not name or not isinstance(name, str) or not customers:
		return None
	condition, values = _where(customers)
	rows = frappe.db.sql(
		f"""select {DETAIL_COLUMNS} from `tabSales Invoice` si
		where si.name = %(name)s and {condition}""",
		{**values, "name": name},
		as_dict=True,
	)
	if not rows:
		return None
	inv = rows[0]
	_amounts(inv)
	inv["items"] = frappe.db.sql(
		"""select item_code, item_name, description, qty, uom, rate, amount
		from `tabSales Invoice Item` where parent = %s and parenttype = 'Sales Invoice' order by idx""",
		inv.name,
		as_dict=True,
	)
	inv["taxes"] = frappe.db.sql(
		"""select description, rate, tax_amount, total
		from `tabSales Taxes and Charges` where parent = %s and parenttype = 'Sales Invoice' order by idx""",
		inv.name,
		as_dict=True,
	)
	# Payments and journal entries that settled part of it (both submitted), oldest first.
	inv["payments"] = frappe.db.sql(
		"""select * from (
			select 'Payment Entry' as voucher_type, pe.name as voucher_no, pe.posting_date,
				per.allocated_amount, pe.reference_no, pe.reference_date, pe.mode_of_payment
			from `tabPayment Entry Reference` per join `tabPayment Entry` pe on pe.name = per.parent
			where per.reference_doctype = 'Sales Invoice' and per.reference_name = %(name)s
				and pe.docstatus = 1
			union all
			select 'Journal Entry', je.name, je.posting_date,
				jea.credit_in_account_currency - jea.debit_in_account_currency, je.cheque_no, je.cheque_date, null
			from `tabJournal Entry Account` jea join `tabJournal Entry` je on je.name = jea.parent
			where jea.reference_type = 'Sales Invoice' and jea.reference_name = %(name)s
				and jea.party_type = 'Customer' and je.docstatus = 1
		) p order by posting_date, voucher_no""",
		{"name": inv.name},
		as_dict=True,
	)
	inv["credit_notes"] = frappe.db.sql(
		f"""select si.name, si.posting_date, {_TOTAL} as grand_total, {_OUT} as outstanding_amount,
			ifnull(si.update_outstanding_for_self, 0) as self_standing
		from `tabSales Invoice` si
		where si.return_against = %(name)s and si.is_return = 1 and {condition}
		order by si.posting_date, si.name""",
		{**values, "name": inv.name},
		as_dict=True,
	)
	inv["paid_total"] = flt(sum(flt(p.allocated_amount) for p in inv["payments"]), 2)
	inv["pdf_url"] = pdf_url(inv.name)
	return inv


def pdf_url(name: str) -> str:
	"""The invoice's PDF (api/invoices.py:invoice_pdf, which checks the client may see it)."""
	return "/api/method/ralom_portal.api.invoices.invoice_pdf?name=" + quote(name, safe="")


# Dashboard --------------------------------------------------------------------------------------


def pending_sql(customers: tuple[str, ...]) -> str:
	"""Invoices overdue or falling due within `soon` (a date parameter), with something left to pay,
	as action-centre rows. Parameters: `today`, `soon`. (`outstanding_amount > 0` is `_OUT > 0` in a
	form the (customer, outstanding_amount) index can read: the open invoices, not all of them.)"""
	condition = rules.sales_invoice(customers).replace("`tabSales Invoice`", "si")
	return f"""select 'invoice' as kind, si.name, si.name as label, si.due_date as due,
			si.posting_date as since, {_OUT} as amount, si.currency
		from `tabSales Invoice` si where {condition} and si.is_return = 0
			and si.outstanding_amount > 0 and {_OUT} > 0 and si.due_date <= %(soon)s"""


def next_due(customers: tuple[str, ...]):
	"""The next invoice falling due (today or later) with something left to pay, or None. One query.

	(Outstanding and overdue per currency are the dashboard's own figures: queries/dashboard.py.)"""
	condition, values = _where(customers)
	rows = frappe.db.sql(
		f"""select si.name, si.due_date, si.currency, {_OUT} as outstanding_amount
		from `tabSales Invoice` si where {condition} and si.is_return = 0
			and {_OUT} > 0 and si.due_date >= %(today)s
		order by si.due_date, si.name limit 1""",
		values,
		as_dict=True,
	)
	return rows[0] if rows else None
