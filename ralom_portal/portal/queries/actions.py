"""The dashboard's action centre: what waits for the client, across every section, in one query.

The sections that take part are the registry's rows with an `action` (`ralom_portal/sections.py`):
each names its query module's `pending_sql`, and the strings of its items (a title, and a reason per
state: no due date, overdue, today, tomorrow, in N days). Each query module says what "waiting" means
for its records (`pending_sql`), with the same rule and the same client-facing status as its own
pages, so the action centre can never list an offer the offers page calls decided. The fragments share one row shape: kind, name, label, due,
since, amount, currency. Most urgent first: anything with a due date by that date (overdue first),
then what has no due date by how long it has waited.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, date_diff, fmt_money

from ralom_portal import sections
from ralom_portal.access.customers import within
from ralom_portal.portal.queries import offers, params
from ralom_portal.utils.formats import short_date
from ralom_portal.utils.words_ro import count_before_noun

# Invoices due within this many days and milestones due within it count as "soon".
SOON_DAYS = 7
LIMIT = 20


def pending(customers: tuple[str, ...], limit: int = LIMIT) -> dict:
	"""{items, total}: the first `limit` waiting items, most urgent first, and how many there are."""
	if not customers:
		return {"items": [], "total": 0}
	today = params.today()
	# Each part reads the customers whose membership grants its section (issue 27).
	parts = [frappe.get_attr(s["action"]["pending"])(within(customers, s["key"])) for s in sections.actions()]
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
		section, action = sections.action_of(row.kind)
		row.route = sections.detail_route(section["key"], row.name)
		row.days = date_diff(row.due, today) if row.due else None
		title = action["title"]  # through a name: Frappe's extractor reads a literal inside `_()`
		row.title = _(title).format(row.label)
		row.reason = reason(action, row)
	return {"items": rows, "total": int(rows[0].total) if rows else 0}


def _state(days: int | None) -> tuple[str, ...]:
	"""The reason keys that fit an item due in `days`, most specific first."""
	if days is None:
		return ("none", "any")
	if days < 0:
		return ("overdue", "days", "any")
	if days == 0:
		return ("today", "any")
	if days == 1:
		return ("tomorrow", "days", "any")
	return ("days", "any")


def reason(action: dict, row) -> str:
	"""Why an item waits, in the reader's language: the registry's string for the item's state, with
	its arguments formatted as the portal writes them (money, "20 de zile", dates)."""
	text, args = next(action["reasons"][k] for k in _state(row.days) if k in action["reasons"])
	values = {
		"amount": lambda: fmt_money(row.amount, currency=row.currency),
		"days": lambda: count_before_noun(row.days),
		"days_overdue": lambda: count_before_noun(-row.days),
		"due": lambda: short_date(row.due) if row.due else "—",
	}
	return _(text).format(*(values[a]() for a in args))
