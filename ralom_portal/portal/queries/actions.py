"""The dashboard's action centre: what waits for the client, across every section, in one query.

Each section's query module says what "waiting" means for its records (`pending_sql`), with the
same rule and the same client-facing status as its own pages, so the action centre can never list
an offer the offers page calls decided. The fragments share one row shape: kind, name, label, due,
since, amount, currency. Most urgent first: anything with a due date by that date (overdue first),
then what has no due date by how long it has waited.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, date_diff

from ralom_portal.portal.queries import (
	contracts,
	invoices,
	offers,
	params,
	projects,
	shipments,
	tickets,
)

# Invoices due within this many days and milestones due within it count as "soon".
SOON_DAYS = 7
LIMIT = 20

ROUTES = {
	"offer": "/portal/offers/",
	"invoice": "/portal/invoices/",
	"contract": "/portal/contracts/",
	"ticket": "/portal/tickets/",
	"milestone": "/portal/projects/",
	"shipment": "/portal/shipments/",
}


def pending(customers: tuple[str, ...], limit: int = LIMIT) -> dict:
	"""{items, total}: the first `limit` waiting items, most urgent first, and how many there are."""
	if not customers:
		return {"items": [], "total": 0}
	today = params.today()
	parts = (
		offers.pending_sql(customers),
		invoices.pending_sql(customers),
		contracts.pending_sql(customers),
		tickets.pending_sql(customers),
		projects.pending_sql(customers),
		shipments.pending_sql(customers),
	)
	union = "\nunion all\n".join(f"({part})" for part in parts)
	rows = frappe.db.sql(
		f"""select kind, name, label, due, since, amount, currency, count(*) over () as total
		from ({union}) pending
		order by due is null, due, since, kind, name
		limit %(limit)s""",
		{
			"today": today,
			"soon": add_days(today, SOON_DAYS),
			"decidable": offers.DECIDABLE_ERP_STATUSES,
			"limit": int(limit),
		},
		as_dict=True,
	)
	for row in rows:
		row.route = ROUTES[row.kind] + row.name
		row.days = date_diff(row.due, today) if row.due else None
	return {"items": rows, "total": int(rows[0].total) if rows else 0}
