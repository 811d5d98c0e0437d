"""Portal Offer Decisions: who accepted or rejected which offer in the portal, when, from which IP
and why. One query, whatever the number of rows; every filter is a query parameter."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.ralom_portal.report import columns as columns_
from ralom_portal.ralom_portal.report import filters as f
from ralom_portal.ralom_portal.report.columns import column

DECISIONS = ("Accepted", "Rejected")


def execute(filters=None):
	filters = f.clean(filters)
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		column("decided_at", _("Decided At"), "Datetime", 160),
		column("quotation", _("Offer"), "Link", 150, "Quotation"),
		columns_.customer(180),
		column("decision", _("Decision"), "Data", 100),
		column("user", _("Decided By"), "Link", 200, "User"),
		column("full_name", _("Full Name"), "Data", 150),
		column("ip_address", _("IP Address"), "Data", 130),
		column("lost_reason", _("Reason"), "Data", 160),
		column("detail", _("Client's Explanation"), "Data", 220),
		# The currency field drives the total's symbol; it is fetched but not shown.
		column("grand_total", _("Offer Total"), "Currency", 120, "currency"),
		column("currency", _("Currency"), "Link", options="Currency", hidden=1),
		column("sales_order", _("Sales Order"), "Link", 150, "Sales Order"),
	]


def rows(filters: frappe._dict) -> list[dict]:
	start, end = f.period(filters)
	params = {
		"start": start,
		"end": end,
		"company": f.company(filters),
		"customer": f.customer(filters),
		"decision": f.choice(filters, "decision", "Decision", DECISIONS),
	}
	conditions = ["1 = 1"]
	if start:
		conditions.append("d.decided_at >= %(start)s")
	if end:
		conditions.append("d.decided_at < date_add(%(end)s, interval 1 day)")
	if params["company"]:
		conditions.append("q.company = %(company)s")
	if params["customer"]:
		conditions.append("d.customer = %(customer)s")
	if params["decision"]:
		conditions.append("d.decision = %(decision)s")
	data = frappe.db.sql(
		f"""select d.decided_at, d.quotation, d.customer, d.decision, d.user, u.full_name, d.ip_address,
				d.lost_reason, d.detail, q.grand_total, q.currency, d.sales_order
			from `tabPortal Offer Decision` d
			left join `tabQuotation` q on q.name = d.quotation
			left join `tabUser` u on u.name = d.user
			where {" and ".join(conditions)}
			order by d.decided_at desc, d.name desc""",
		params,
		as_dict=True,
	)
	for row in data:
		row.decision = _(row.decision, context="Offer status")
	return data
