"""Portal Offer Decisions: who accepted or rejected which offer in the portal, when, from which IP
and why. One query, whatever the number of rows; every filter is a query parameter."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.ralom_portal.report import columns as columns_
from ralom_portal.ralom_portal.report import filters as f

DECISIONS = ("Accepted", "Rejected")


def execute(filters=None):
	filters = f.clean(filters)
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		{"fieldname": "decided_at", "label": _("Decided At"), "fieldtype": "Datetime", "width": 160},
		{
			"fieldname": "quotation",
			"label": _("Offer"),
			"fieldtype": "Link",
			"options": "Quotation",
			"width": 150,
		},
		columns_.customer(180),
		{"fieldname": "decision", "label": _("Decision"), "fieldtype": "Data", "width": 100},
		{"fieldname": "user", "label": _("Decided By"), "fieldtype": "Link", "options": "User", "width": 200},
		{"fieldname": "full_name", "label": _("Full Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "ip_address", "label": _("IP Address"), "fieldtype": "Data", "width": 130},
		{"fieldname": "lost_reason", "label": _("Reason"), "fieldtype": "Data", "width": 160},
		{"fieldname": "detail", "label": _("Client's Explanation"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "grand_total",
			"label": _("Offer Total"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Link",
			"options": "Currency",
			"hidden": 1,
		},
		{
			"fieldname": "sales_order",
			"label": _("Sales Order"),
			"fieldtype": "Link",
			"options": "Sales Order",
			"width": 150,
		},
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
