"""Each customer's submitted payments (receipts and refunds) summed per currency: count, received,
refunded. The payment list's totals read these instead of adding up every payment of the client on
every request (3,000 index entries for the big customer, ~5 ms).

As with the invoice totals (invoice_totals.py): only what a submitted Payment Entry never changes is
kept (party, type, currency, amount), moved by submit and cancel; what does change after submit, the
unallocated amount (a reconciliation allocates it), is read live from the client's payments not fully
allocated, a range of the (party, unallocated_amount) index. A customer without a row was never
summarized and is added up as before until its next payment builds its rows; `rebuild` (every
migrate) rebuilds all of them.
"""

from __future__ import annotations

import frappe
from frappe.utils import flt

TABLE = "__ralom_payment_totals"
DDL = f"""create table if not exists `{TABLE}` (
	customer varchar(140) not null,
	currency varchar(140) not null,
	payments int not null default 0,
	received decimal(21, 9) not null default 0,
	refunded decimal(21, 9) not null default 0,
	primary key (customer, currency)
) engine=InnoDB character set utf8mb4 collate utf8mb4_unicode_ci"""

TYPES = ("Receive", "Pay")
# `pe` is `tabPayment Entry`: the amount and currency on the party's side (queries/payments.py).
CURRENCY = "if(pe.payment_type = 'Receive', pe.paid_from_account_currency, pe.paid_to_account_currency)"
AMOUNT = "if(pe.payment_type = 'Receive', pe.paid_amount, pe.received_amount)"
_SELECT = f"""select pe.party, {CURRENCY} as currency, count(*) as payments,
	sum(if(pe.payment_type = 'Receive', {AMOUNT}, 0)) as received,
	sum(if(pe.payment_type = 'Pay', {AMOUNT}, 0)) as refunded
	from `tabPayment Entry` pe
	where pe.party_type = 'Customer' and pe.docstatus = 1 and pe.payment_type in ('Receive', 'Pay')"""
_INSERT = f"insert into `{TABLE}` (customer, currency, payments, received, refunded)"


def summarized(customers: tuple[str, ...]) -> list[dict]:
	"""The summary rows of `customers` (customer, currency, payments, received, refunded). One query."""
	if not customers:
		return []
	return frappe.db.sql(
		f"""select customer, currency, payments, received, refunded from `{TABLE}`
		where customer in %(customers)s""",
		# A plain tuple: the driver quotes a tuple subclass (access.customers.Customers) as text.
		{"customers": tuple(customers)},
		as_dict=True,
	)


def refresh(customer: str) -> None:
	"""Rebuild one customer's rows from its payments (a locking read: see invoice_totals.refresh)."""
	frappe.db.sql(f"delete from `{TABLE}` where customer = %s", customer)
	frappe.db.sql(f"{_INSERT} {_SELECT} and pe.party = %s group by pe.party, currency", customer)


def rebuild() -> None:
	frappe.db.sql(f"delete from `{TABLE}`")
	frappe.db.sql(f"{_INSERT} {_SELECT} and ifnull(pe.party, '') != '' group by pe.party, currency")


def rename(old: str, new: str) -> None:
	frappe.db.sql(f"delete from `{TABLE}` where customer in (%s, %s)", (old, new))
	refresh(new)


def on_submit(doc, method=None) -> None:
	_apply(doc, 1)


def on_cancel(doc, method=None) -> None:
	_apply(doc, -1)


def _apply(doc, sign: int) -> None:
	"""Add (submit) or take off (cancel) one receipt or refund. A customer never summarized is built
	whole."""
	if doc.party_type != "Customer" or not doc.party or doc.payment_type not in TYPES:
		return
	if not frappe.db.sql(f"select 1 from `{TABLE}` where customer = %s limit 1", doc.party):
		refresh(doc.party)
		return
	receive = doc.payment_type == "Receive"
	amount = flt(doc.paid_amount if receive else doc.received_amount)
	frappe.db.sql(
		f"""{_INSERT} values (%(customer)s, %(currency)s, %(payments)s, %(received)s, %(refunded)s)
		on duplicate key update payments = payments + values(payments),
			received = received + values(received), refunded = refunded + values(refunded)""",
		{
			"customer": doc.party,
			"currency": doc.paid_from_account_currency if receive else doc.paid_to_account_currency,
			"payments": sign,
			"received": sign * amount if receive else 0,
			"refunded": 0 if receive else sign * amount,
		},
	)
