"""Each customer's submitted invoices summed per currency: count, invoiced, credit notes, and what
credit notes took off invoices. The invoice list's totals read these instead of adding up every
invoice of the client on every request (3,000 index entries for the big customer, ~10 ms).

What is kept is what a submitted Sales Invoice never changes: its customer, currency and totals. So
the summary moves only when an invoice is submitted or cancelled, by that invoice's amounts (an
atomic `x = x + delta`, safe when two invoices of one customer are submitted at once). What does
change after submit, the outstanding amount (payments, journal entries, credit notes), is not kept:
the list reads it live from the client's open invoices (queries/invoices.py), a short range of the
(customer, outstanding_amount) index. Paid is then invoiced - credited - outstanding, as before.

A customer without a row was never summarized (its invoices were written before this table, or as
bulk rows): its first submitted invoice builds its rows from the invoices themselves (`refresh`),
and until then the list adds its invoices up as it always did. `rebuild` (every migrate) rebuilds
all of them.
"""

from __future__ import annotations

import frappe
from frappe.utils import flt

TABLE = "__ralom_invoice_totals"
DDL = f"""create table if not exists `{TABLE}` (
	customer varchar(140) not null,
	currency varchar(140) not null,
	invoices int not null default 0,
	invoiced decimal(21, 9) not null default 0,
	credit_notes decimal(21, 9) not null default 0,
	credited decimal(21, 9) not null default 0,
	primary key (customer, currency)
) engine=InnoDB character set utf8mb4 collate utf8mb4_unicode_ci"""

# `si` is `tabSales Invoice`: the total as the client pays it (the rounded total when rounding is on).
TOTAL = "if(ifnull(si.rounded_total, 0) != 0, si.rounded_total, si.grand_total)"
# A credit note that reduced its invoice's outstanding (not a self-standing one).
AGAINST_INVOICE = (
	"si.is_return = 1 and ifnull(si.update_outstanding_for_self, 0) = 0"
	" and ifnull(si.return_against, '') != ''"
)
_SUMS = f"""count(*) as invoices,
	sum(if(si.is_return = 0, {TOTAL}, 0)) as invoiced,
	sum(if(si.is_return = 1, -{TOTAL}, 0)) as credit_notes,
	sum(if({AGAINST_INVOICE}, -{TOTAL}, 0)) as credited"""


def summarized(customers: tuple[str, ...]) -> list[dict]:
	"""The summary rows of `customers` (customer, currency, invoices, invoiced, credit_notes,
	credited). One query, by primary key."""
	if not customers:
		return []
	return frappe.db.sql(
		f"""select customer, currency, invoices, invoiced, credit_notes, credited from `{TABLE}`
		where customer in %(customers)s""",
		# A plain tuple: the driver quotes a tuple subclass (access.customers.Customers) as text.
		{"customers": tuple(customers)},
		as_dict=True,
	)


def refresh(customer: str) -> None:
	"""Rebuild one customer's rows from its submitted invoices. INSERT ... SELECT reads the invoices
	with shared locks under REPEATABLE READ, so it sees what is committed, not the transaction's
	older snapshot."""
	frappe.db.sql(f"delete from `{TABLE}` where customer = %s", customer)
	frappe.db.sql(
		f"""insert into `{TABLE}` (customer, currency, invoices, invoiced, credit_notes, credited)
		select si.customer, si.currency, {_SUMS}
		from `tabSales Invoice` si where si.customer = %s and si.docstatus = 1
		group by si.customer, si.currency""",
		customer,
	)


def rebuild() -> None:
	"""Every customer's rows from the invoices (migrate; after bulk writes such as the scale data)."""
	frappe.db.sql(f"delete from `{TABLE}`")
	frappe.db.sql(
		f"""insert into `{TABLE}` (customer, currency, invoices, invoiced, credit_notes, credited)
		select si.customer, si.currency, {_SUMS}
		from `tabSales Invoice` si where si.docstatus = 1 and ifnull(si.customer, '') != ''
		group by si.customer, si.currency"""
	)


def rename(old: str, new: str) -> None:
	frappe.db.sql(f"delete from `{TABLE}` where customer in (%s, %s)", (old, new))
	refresh(new)


def on_submit(doc, method=None) -> None:
	_apply(doc, 1)


def on_cancel(doc, method=None) -> None:
	_apply(doc, -1)


def _apply(doc, sign: int) -> None:
	"""Add (submit) or take off (cancel) one invoice. A customer never summarized is built whole."""
	if not doc.customer:
		return
	if not frappe.db.sql(f"select 1 from `{TABLE}` where customer = %s limit 1", doc.customer):
		refresh(doc.customer)
		return
	total = flt(doc.rounded_total) or flt(doc.grand_total)
	against = doc.is_return and not doc.get("update_outstanding_for_self") and doc.return_against
	delta = {
		"customer": doc.customer,
		"currency": doc.currency,
		"invoices": sign,
		"invoiced": 0 if doc.is_return else sign * total,
		"credit_notes": -sign * total if doc.is_return else 0,
		"credited": -sign * total if against else 0,
	}
	frappe.db.sql(
		f"""insert into `{TABLE}` (customer, currency, invoices, invoiced, credit_notes, credited)
		values (%(customer)s, %(currency)s, %(invoices)s, %(invoiced)s, %(credit_notes)s, %(credited)s)
		on duplicate key update invoices = invoices + values(invoices),
			invoiced = invoiced + values(invoiced), credit_notes = credit_notes + values(credit_notes),
			credited = credited + values(credited)""",
		delta,
	)
