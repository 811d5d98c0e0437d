"""Statement of account ("Fișa client") and ageing, read from the general ledger.

The figures come from `tabGL Entry` (not cancelled), the way ERPNext's General Ledger and Accounts
Receivable reports read them, never from invoice fields, so they agree with the books:
- balances are per account currency (a EUR receivable account gives a EUR statement), in the
  account's own currency (`debit_in_account_currency` - `credit_in_account_currency`);
- rows are vouchers (one line per invoice, payment, credit note or journal entry), in date order,
  with a running balance from the opening balance;
- the ageing mirrors Accounts Receivable with ageing by due date: each open item (an invoice with
  what settled it, a credit note, an unallocated payment) is aged from its due date (posting date
  when it has none) to the statement date, into 0-30, 31-60, 61-90 and over 90 days; items not yet
  due are shown apart.
  Only the ledger lines of the items that can be open are read (see `_open_items_sql`).

Three queries whatever the number of entries or the page: balances per currency, the period's
vouchers (all of them, or one page of them with the balance carried into it), the open items.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import flt, getdate, nowdate

from ralom_portal.access import rules
from ralom_portal.setup.company import default_company

BUCKETS = ("not_due", "0_30", "31_60", "61_90", "over_90")
# ERPNext's default ageing ranges ("30, 60, 90, 120"); our last bucket is the sum of its last two.
_AR_RANGES = (30, 60, 90, 120)


def _base(customers) -> str:
	return rules.gl_entry(customers).replace("`tabGL Entry`", "g") + " and g.company = %(company)s"


def balances(customers: tuple[str, ...], start: date, end: date) -> list[dict]:
	"""Per account currency: opening balance (before `start`) and closing balance (at `end`)."""
	rows = frappe.db.sql(
		f"""select g.account_currency as currency,
			sum(if(g.posting_date < %(start)s, g.debit_in_account_currency - g.credit_in_account_currency, 0)) as opening,
			sum(g.debit_in_account_currency - g.credit_in_account_currency) as closing
		from `tabGL Entry` g where {_base(customers)} and g.posting_date <= %(end)s
		group by g.account_currency order by g.account_currency""",
		{"company": default_company(), "start": start, "end": end},
		as_dict=True,
	)
	for r in rows:
		r.opening, r.closing = flt(r.opening, 2), flt(r.closing, 2)
	return rows


def statement(
	customers: tuple[str, ...],
	start: date,
	end: date,
	currency: str | None = None,
	*,
	page: int | None = None,
	page_size: int = 20,
) -> dict:
	"""The statement of one currency (the first one when `currency` is not one of the client's).

	With `page`, only that page of the period's lines (the last page when `page` is past it), opening
	at the balance carried from the lines before it (`page_opening`); `closing` stays the period's.
	Without it, every line of the period (the PDF)."""
	currencies = balances(customers, start, end)
	chosen = next((c for c in currencies if c.currency == currency), currencies[0] if currencies else None)
	result = {
		"currencies": [c.currency for c in currencies],
		"currency": chosen.currency if chosen else None,
		"start": start,
		"end": end,
		"opening": chosen.opening if chosen else 0.0,
		"closing": chosen.closing if chosen else 0.0,
		"page_opening": chosen.opening if chosen else 0.0,
		"rows": [],
		"count": 0,
		"page": 1,
		"pages": 1,
		"page_size": page_size,
		"ageing": ageing(customers, end, chosen.currency) if chosen else _empty_ageing(),
	}
	if not chosen:
		return result
	size = max(int(page_size), 1)
	# One query whatever the page: the window functions number the period's lines, count them and
	# carry the balance of the lines before each one, and the outer `where` keeps the asked page (or
	# the last one when the page is past the end), so the page's opening balance costs no second
	# query. The carried sum adds the rounded amounts, as the running balance below does. The invoice
	# and payment fields are joined to the page's lines only.
	vouchers = frappe.db.sql(
		f"""select w.*, si.is_return, si.due_date, si.po_no, pe.payment_type, pe.reference_no from (
			select v.*, row_number() over (order by v.posting_date, v.created, v.voucher_no) as line,
				count(*) over () as line_count,
				ifnull(sum(round(v.debit, 2) - round(v.credit, 2)) over (
					order by v.posting_date, v.created, v.voucher_no
					rows between unbounded preceding and 1 preceding), 0) as carried
			from (
				select g.posting_date, g.voucher_type, g.voucher_no, g.party as customer,
					sum(g.debit_in_account_currency) as debit, sum(g.credit_in_account_currency) as credit,
					min(g.creation) as created
				from `tabGL Entry` g
				where {_base(customers)} and g.account_currency = %(currency)s
					and g.posting_date between %(start)s and %(end)s
				group by g.posting_date, g.voucher_type, g.voucher_no, g.party
				having sum(g.debit_in_account_currency) != 0 or sum(g.credit_in_account_currency) != 0
			) v
		) w
		left join `tabSales Invoice` si on w.voucher_type = 'Sales Invoice' and si.name = w.voucher_no
		left join `tabPayment Entry` pe on w.voucher_type = 'Payment Entry' and pe.name = w.voucher_no
		where %(page)s is null
			or ceil(w.line / %(size)s) = least(%(page)s, ceil(w.line_count / %(size)s))
		order by w.line""",
		{
			"company": default_company(),
			"start": start,
			"end": end,
			"currency": chosen.currency,
			"page": int(page) if page else None,
			"size": size,
		},
		as_dict=True,
	)
	# (The `having` drops lines with nothing in the account's currency, e.g. exchange gain/loss
	# journals: they change no balance in that currency.)
	if vouchers:
		result["page_opening"] = flt(chosen.opening + flt(vouchers[0].carried, 2), 2)
		result["count"] = int(vouchers[0].line_count)
		if page:
			result["pages"] = max(1, -(-result["count"] // size))
			result["page"] = -(-int(vouchers[0].line) // size)
	balance = result["page_opening"]
	for v in vouchers:
		v.debit, v.credit = flt(v.debit, 2), flt(v.credit, 2)
		balance = flt(balance + v.debit - v.credit, 2)
		v.balance = balance
		v.kind = _kind(v)
		for key in ("created", "line", "line_count", "carried"):
			v.pop(key, None)
	result["rows"] = vouchers
	return result


def _kind(v) -> str:
	if v.voucher_type == "Sales Invoice":
		return "Credit Note" if v.is_return else "Invoice"
	if v.voucher_type == "Payment Entry":
		return "Refund" if v.payment_type == "Pay" else "Payment"
	if v.voucher_type == "Journal Entry":
		return "Journal Entry"
	return "Other"


def _empty_ageing() -> dict:
	return {key: 0.0 for key in (*BUCKETS, "total")}


def ageing(customers: tuple[str, ...], as_of: date, currency: str) -> dict:
	"""Outstanding at `as_of` by age, in `currency`, as Accounts Receivable computes it.

	Open items are keyed like the report keys them: (account, voucher the entry settles, party),
	where an entry without an against-voucher settles its own voucher, and anything against a
	credit note that does not update its own outstanding counts against the invoice it returns.
	"""
	as_of = getdate(as_of)
	values = {"company": default_company(), "currency": currency, "as_of": as_of}
	items = frappe.db.sql(_open_items_sql(customers), values, as_dict=True)
	return bucket(items, as_of)


def _open_items_sql(customers: tuple[str, ...]) -> str:
	"""The open items at %(as_of)s, read from the ledger lines of the vouchers that can be open only.

	An item open at `as_of` is open today or has a line dated after `as_of` (otherwise its sum then
	is its sum now: zero). So the candidates are the vouchers ERPNext marks open today (an invoice's
	or credit note's `outstanding_amount`, a payment's `unallocated_amount`), any voucher other than
	those two kinds (a journal entry has no such field: the client's few are all taken), and what the
	lines after `as_of` settle; each is looked up by index (`ralom_customer_outstanding`,
	`ralom_party_totals`, `ralom_party_voucher_type`, `ralom_party_balance`). Only the candidates'
	lines are read (by `voucher_no` and `against_voucher`) and summed per item, as before: the
	3,000-invoice customer has a few open items among 6,000 lines. The Payment Ledger would name the
	open items too, but rows written in bulk (the scale dataset) have none, and the ledger is what
	the statement's figures come from."""
	gl = _base(customers)
	invoices = rules.sales_invoice(customers).replace("`tabSales Invoice`", "si")
	payments = rules.payment_entry(customers).replace("`tabPayment Entry`", "pe")
	credit_notes = rules.sales_invoice(customers).replace("`tabSales Invoice`", "cn")
	# ERPNext makes a return's customer its invoice's: the client's credit notes that count against
	# the invoice they return (a small table of their own).
	returns = f"""select cn.name, cn.return_against from `tabSales Invoice` cn
		where {credit_notes} and cn.is_return = 1
			and ifnull(cn.update_outstanding_for_self, 0) = 0 and ifnull(cn.return_against, '') != ''"""
	settles = (
		"if(ifnull(g.against_voucher, '') = '', g.voucher_no, ifnull(ret.return_against, g.against_voucher))"
	)
	# The items are kept to candidates: a candidate payment's lines against settled invoices must not
	# make those invoices partial items. STRAIGHT_JOIN: from the candidates' lines to their accounts;
	# left to choose, MariaDB started from the receivable account and read every line of the site's.
	return f"""with ret as ({returns}),
		cand as (
			select si.name as vn from `tabSales Invoice` si
				where {invoices} and (si.outstanding_amount > 0 or si.outstanding_amount < 0)
			union select pe.name from `tabPayment Entry` pe
				where {payments} and (pe.unallocated_amount > 0 or pe.unallocated_amount < 0)
			union select g.voucher_no from `tabGL Entry` g
				where {gl} and g.voucher_type not in ('Sales Invoice', 'Payment Entry')
			union select {settles} from `tabGL Entry` g
				left join ret on g.against_voucher_type = 'Sales Invoice' and ret.name = g.against_voucher
				where {gl} and g.account_currency = %(currency)s and g.posting_date > %(as_of)s
		),
		cand_lines as (
			select g.name from cand join `tabGL Entry` g on g.voucher_no = cand.vn
			union select g.name from cand join `tabGL Entry` g on g.against_voucher = cand.vn
			union select g.name from cand join ret r on r.return_against = cand.vn
				join `tabGL Entry` g on g.against_voucher = r.name
		)
		select o.account, o.vt, o.vn, o.party, o.outstanding, o.own_date,
			inv.due_date as invoice_due, je.due_date as journal_due
		from (
			select t.account, t.vt, t.vn, t.party,
				sum(t.amount) as outstanding, min(if(t.voucher_no = t.vn, t.posting_date, null)) as own_date
			from (
				select g.account, g.party, g.voucher_no, g.posting_date,
					g.debit_in_account_currency - g.credit_in_account_currency as amount,
					if(ifnull(g.against_voucher, '') = '', g.voucher_type, g.against_voucher_type) as vt,
					{settles} as vn
				from cand_lines
				straight_join `tabGL Entry` g on g.name = cand_lines.name
				straight_join `tabAccount` a on a.name = g.account and a.account_type = 'Receivable'
				left join ret on g.against_voucher_type = 'Sales Invoice' and ret.name = g.against_voucher
				where {gl} and g.account_currency = %(currency)s and g.posting_date <= %(as_of)s
			) t
			where t.vn in (select vn from cand)
			group by t.account, t.vt, t.vn, t.party
			having abs(sum(t.amount)) >= 0.005
		) o
		left join `tabSales Invoice` inv on o.vt = 'Sales Invoice' and inv.name = o.vn and inv.docstatus = 1
		left join `tabJournal Entry` je on o.vt = 'Journal Entry' and je.name = o.vn
			and je.docstatus = 1 and ifnull(je.bill_no, '') != ''"""


def bucket(items: list[dict], as_of: date, today: date | None = None) -> dict:
	"""Sort open items into BUCKETS. Pure; mirrors ReceivablePayableReport.set_ageing."""
	as_of = getdate(as_of)
	today = getdate(today or nowdate())
	age_as_on = today if as_of > today else as_of
	result = _empty_ageing()
	for item in items:
		outstanding = flt(item["outstanding"], 2)
		if abs(outstanding) < 0.01:
			continue
		due = item.get("invoice_due") or item.get("journal_due") or item.get("own_date")
		if not due:
			continue
		due = getdate(due)
		if due > as_of:
			key = "not_due"
		else:
			age = (age_as_on - due).days
			key = "0_30" if age <= 30 else "31_60" if age <= 60 else "61_90" if age <= 90 else "over_90"
		result[key] = flt(result[key] + outstanding, 2)
		result["total"] = flt(result["total"] + outstanding, 2)
	return result


def default_period(today: date | None = None) -> tuple[date, date]:
	"""From the first day of the year to today."""
	today = getdate(today or nowdate())
	return date(today.year, 1, 1), today
