"""Dashboard figures: a fixed number of queries whatever the number of records.

Offer statuses and "to decide" come from the offers module (one definition of an offer's
client-facing status); money is totalled per currency, never added across currencies.

Invoices' outstanding amounts leave out what the client paid but was not yet allocated to an invoice
(an advance), which the statement of account does count: each currency also carries the statement's
balance today and the difference, so the dashboard can say why its total is not the statement's.
"""

import frappe
from frappe.utils import flt, getdate, nowdate

from ralom_portal.access import rules
from ralom_portal.access.customers import within
from ralom_portal.portal.queries import contracts, offers, shipments, statement

RECENT = 5


# The sections whose cards the dashboard shows.
CARDS = ("offers", "invoices", "projects", "contracts", "shipments")


def summary(customers: tuple[str, ...]) -> dict:
	"""Every card reads the customers whose membership grants its section (issue 27): a card of a
	hidden section is empty and `sections` tells the page to leave it out. The same queries run
	either way (an empty set of customers matches nothing), so the count does not depend on rights."""
	today = nowdate()
	shown = {key: within(customers, key) for key in CARDS}
	offer_counts = offers.counts(shown["offers"])
	# outstanding_amount is in the currency of the receivable account (party_account_currency), which
	# is not always the invoice's currency: that is the currency each total is in. Only open invoices
	# add to these sums, and the (customer, outstanding_amount) index reads just those.
	balances = frappe.db.sql(
		f"""select party_account_currency as currency,
			ifnull(sum(outstanding_amount), 0) as outstanding,
			ifnull(sum(case when outstanding_amount > 0 and due_date < %(today)s
				then outstanding_amount end), 0) as overdue,
			ifnull(sum(outstanding_amount > 0), 0) as unpaid
		from `tabSales Invoice` where {rules.sales_invoice(shown["invoices"])} and outstanding_amount != 0
		group by party_account_currency
		having sum(outstanding_amount) != 0 or sum(outstanding_amount > 0) > 0
		order by party_account_currency""",
		{"today": today},
		as_dict=True,
	)
	_with_ledger_balance(balances, shown["invoices"], today)
	projects = frappe.db.sql(
		f"""select name, project_name, status, percent_complete, expected_end_date,
			count(*) over () as open_total
		from `tabProject` where {rules.project(shown["projects"])} and status = 'Open'
		order by expected_end_date is null, expected_end_date, name limit {RECENT}""",
		as_dict=True,
	)
	return {
		"offers_to_decide": offer_counts["to_decide"],
		"offers_total": offer_counts["total"],
		"balances": balances,
		"unpaid_invoices": sum(int(b.unpaid) for b in balances),
		"active_projects_count": int(projects[0].open_total) if projects else 0,
		"active_projects": projects,
		"recent_offers": offers.list_offers(shown["offers"], limit=RECENT, with_total=False),
		"contracts": contracts.counts(shown["contracts"]),
		"shipments_in_transit": shipments.in_transit(shown["shipments"], limit=RECENT),
		"sections": {key: bool(c) for key, c in shown.items()},
	}


def _with_ledger_balance(balances: list[dict], customers: tuple[str, ...], today: str) -> None:
	"""Add to each currency's totals the statement's balance today (`balance`, one query) and what
	the invoices leave out (`unallocated`: payments and credits not yet allocated to an invoice when
	positive). A currency with only an advance and no open invoice gets a row of its own."""
	day = getdate(today)
	ledger = {b.currency: b.closing for b in statement.balances(customers, day, day)}
	for b in balances:
		b.outstanding = flt(b.outstanding, 2)
		b.balance = ledger.pop(b.currency, 0.0)
		b.unallocated = flt(b.outstanding - b.balance, 2)
	for currency, closing in ledger.items():
		if closing:
			balances.append(
				frappe._dict(
					currency=currency,
					outstanding=0.0,
					overdue=0.0,
					unpaid=0,
					balance=closing,
					unallocated=-closing,
				)
			)
	balances.sort(key=lambda b: b.currency)
