"""Portal Users: every user linked to every customer (ERPNext's Customer.portal_users), enabled or
not, with their last login: staff audit who can see what. One query; filters are query parameters,
the search text is matched literally (LIKE wildcards escaped)."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.ralom_portal.report import columns as columns_
from ralom_portal.ralom_portal.report import filters as f
from ralom_portal.ralom_portal.report.columns import column

STATES = ("Enabled", "Disabled")


def execute(filters=None):
	filters = f.clean(filters)
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		columns_.customer(200),
		columns_.customer_name(180),
		column("user", _("User"), "Link", 220, "User"),
		column("full_name", _("Full Name"), "Data", 160),
		column("enabled", _("User Enabled"), "Check", 100),
		column("customer_disabled", _("Customer Disabled"), "Check", 120),
		column("has_access", _("Can Use the Portal"), "Check", 130),
		column("user_type", _("User Type"), "Data", 120),
		column("last_login", _("Last Login"), "Datetime", 160),
		column("last_ip", _("Last IP"), "Data", 130),
	]


def rows(filters: frappe._dict) -> list[dict]:
	search = f.text(filters, "search", "User or Customer")
	params = {
		"customer": f.customer(filters),
		"state": f.choice(filters, "state", "Status", STATES),
		"search": f.like(search) if search else None,
	}
	conditions = ["p.parenttype = 'Customer'", "p.parentfield = 'portal_users'"]
	if params["customer"]:
		conditions.append("p.parent = %(customer)s")
	if params["state"] == "Enabled":
		conditions.append("ifnull(u.enabled, 0) = 1")
	elif params["state"] == "Disabled":
		conditions.append("ifnull(u.enabled, 0) = 0")
	if params["search"]:
		conditions.append(
			"(p.user like %(search)s or u.full_name like %(search)s"
			" or c.name like %(search)s or c.customer_name like %(search)s)"
		)
	data = frappe.db.sql(
		f"""select p.parent as customer, c.customer_name, p.user, u.full_name,
				ifnull(u.enabled, 0) as enabled, c.disabled as customer_disabled, u.user_type,
				u.last_login, u.last_ip
			from `tabPortal User` p
			join `tabCustomer` c on c.name = p.parent
			left join `tabUser` u on u.name = p.user
			where {" and ".join(conditions)}
			order by c.name, p.user""",
		params,
		as_dict=True,
	)
	for row in data:
		row.has_access = 1 if row.enabled and not row.customer_disabled else 0
		row.user_type = _(row.user_type) if row.user_type else None
	return data
