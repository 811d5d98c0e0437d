"""Payments for the portal: the client's submitted Payment Entries, with their allocations.

Receipts from the customer (Receive) and refunds to it (Pay) alike, newest first. Amounts are in
the party's currency: a receipt's `paid_amount` is in its "paid from" (receivable) account's
currency, a refund's `received_amount` in its "paid to" one. Three queries for the page (the
maintained totals, what is not yet allocated, the page; two with a filter) plus one for all its
allocations, whatever the number of rows.
"""

from __future__ import annotations

import math

import frappe
from frappe.utils import flt

from ralom_portal.access import rules
from ralom_portal.portal.queries import params
from ralom_portal.summaries import payment_totals

TYPES = ("Receive", "Pay")

COLUMNS = """pe.name, pe.party as customer, pe.posting_date, pe.payment_type, pe.mode_of_payment,
	pe.reference_no, pe.reference_date, pe.unallocated_amount,
	if(pe.payment_type = 'Receive', pe.paid_amount, pe.received_amount) as amount,
	if(pe.payment_type = 'Receive', pe.paid_from_account_currency, pe.paid_to_account_currency) as currency"""


def _where(customers, start=None, end=None, search=None) -> tuple[str, dict]:
	condition = rules.payment_entry(customers).replace("`tabPayment Entry`", "pe")
	condition += " and pe.payment_type in ('Receive', 'Pay')"
	values = {}
	if start:
		condition += " and pe.posting_date >= %(start)s"
		values["start"] = start
	if end:
		condition += " and pe.posting_date <= %(end)s"
		values["end"] = end
	if search:
		condition += " and (pe.name like %(search)s or pe.reference_no like %(search)s)"
		values["search"] = params.like_pattern(search)
	return condition, values


def payment_list(
	customers: tuple[str, ...], *, start=None, end=None, search=None, page=1, page_size=20
) -> dict:
	condition, values = _where(customers, start, end, search)
	if start or end or search:
		totals = _totals([], frappe.db.sql(_SUMS.format(condition=condition), values, as_dict=True))
	else:
		totals = _summary_totals(customers)
	count = sum(int(t["count"]) for t in totals)
	pages = max(1, math.ceil(count / page_size))
	page = min(max(int(page or 1), 1), pages)
	rows = frappe.db.sql(
		f"""select {COLUMNS} from `tabPayment Entry` pe where {condition}
		order by pe.posting_date desc, pe.name desc limit %(limit)s offset %(offset)s""",
		{**values, "limit": page_size, "offset": (page - 1) * page_size},
		as_dict=True,
	)
	allocations = _allocations([r.name for r in rows])
	for row in rows:
		row.amount = flt(row.amount, 2)
		row.unallocated_amount = flt(row.unallocated_amount, 2)
		row.allocations = allocations.get(row.name, [])
	return {
		"payments": rows,
		"totals": totals,
		"count": count,
		"page": page,
		"pages": pages,
		"page_size": page_size,
	}


# Per currency, over the payments matching `condition`. The covering index is named: it holds every
# column the sums read, led by the party, yet when one client holds nearly every payment of the site
# MariaDB chose a narrower index and read each row (a test's EXPLAIN on a new site showed it). The
# index is the app's own (setup/indexes.py, applied on install and after every migrate).
_SUMS = f"""select currency, count(*) as count,
	sum(if(payment_type = 'Receive', amount, 0)) as received,
	sum(if(payment_type = 'Pay', amount, 0)) as refunded,
	sum(if(payment_type = 'Receive', unallocated_amount, -unallocated_amount)) as unallocated
	from (select {COLUMNS} from `tabPayment Entry` pe force index (ralom_party_totals) where {{condition}}) p
	group by currency"""


def _summary_totals(customers: tuple[str, ...]) -> list[dict]:
	"""Unfiltered totals: count, received and refunded from the maintained per-customer summary
	(summaries/payment_totals.py), what is not yet allocated from the payments not fully allocated
	(a range of the (party, unallocated_amount) index), and the sums of customers never summarized.
	Two queries, whatever the number of payments."""
	summary = payment_totals.summarized(customers)
	done = tuple(sorted({r.customer for r in summary}))
	rest = tuple(c for c in customers if c not in done)
	parts = []
	if done:
		condition, _values = _where(done)
		condition += " and (pe.unallocated_amount > 0 or pe.unallocated_amount < 0)"
		parts.append(
			f"""select currency, 0 as count, 0 as received, 0 as refunded,
				sum(if(payment_type = 'Receive', unallocated_amount, -unallocated_amount)) as unallocated
			from (select {COLUMNS} from `tabPayment Entry` pe where {condition}) p
			group by currency"""
		)
	if rest:
		parts.append(_SUMS.format(condition=_where(rest)[0]))
	if not parts:
		return []
	return _totals(summary, frappe.db.sql(" union all ".join(parts), as_dict=True))


def _totals(summary: list[dict], sums: list[dict]) -> list[dict]:
	"""Summary rows and query sums added per currency, currencies in order."""
	keys = ("count", "received", "refunded", "unallocated")
	by_currency: dict[str, dict] = {}
	for row in [*({**r, "count": r["payments"], "unallocated": 0} for r in summary), *sums]:
		total = by_currency.setdefault(row["currency"], dict.fromkeys(keys, 0))
		for key in keys:
			total[key] += flt(row.get(key))
	return [
		frappe._dict(
			currency=currency,
			count=int(t["count"]),
			**{key: flt(t[key], 2) for key in ("received", "refunded", "unallocated")},
		)
		for currency, t in sorted(by_currency.items())
		if t["count"]  # a summarized currency whose payments were all cancelled
	]


def _allocations(names: list[str]) -> dict[str, list[dict]]:
	"""Allocation rows of the given payments, one query. Only invoices and orders are named (the
	party's own documents); anything else is reported by type only."""
	if not names:
		return {}
	result: dict[str, list[dict]] = {}
	for row in frappe.db.sql(
		"""select parent, reference_doctype, reference_name, allocated_amount, due_date
		from `tabPayment Entry Reference`
		where parenttype = 'Payment Entry' and parent in %(names)s order by parent, idx""",
		{"names": tuple(names)},
		as_dict=True,
	):
		if row.reference_doctype not in ("Sales Invoice", "Sales Order"):
			row.reference_name = None
		row.allocated_amount = flt(row.allocated_amount, 2)
		result.setdefault(row.pop("parent"), []).append(row)
	return result
