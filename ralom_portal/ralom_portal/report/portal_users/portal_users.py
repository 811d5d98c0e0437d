"""Portal Users: every user linked to every customer (ERPNext's Customer.portal_users), enabled or
not, with their membership (issue 27: role and sections) and last login: staff audit who can see
what. One query; filters are query parameters, the search text is matched literally (LIKE wildcards
escaped).

The sections column reads as `access.customers.customers_for` grants them: a Client administrator,
or a row with no sections stored, sees every section; `none` grants none; otherwise the stored keys,
shown as the portal's translated section titles in the registry's order. The section filter keeps
the rows that grant that section, by the same rule, in SQL."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal import sections
from ralom_portal.access.customers import ADMINISTRATOR, MEMBER
from ralom_portal.ralom_portal.report import columns as columns_
from ralom_portal.ralom_portal.report import filters as f
from ralom_portal.ralom_portal.report.columns import column

STATES = ("Enabled", "Disabled")
ROLES = (ADMINISTRATOR, MEMBER)
# The sections a membership can withhold: the dashboard is open to everyone a customer has.
SECTION_KEYS = tuple(s["key"] for s in sections.SECTIONS if s["key"] != "dashboard")


def execute(filters=None):
	filters = f.clean(filters)
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		columns_.customer(200),
		columns_.customer_name(180),
		column("user", _("User"), "Link", 220, "User"),
		column("full_name", _("Full Name"), "Data", 160),
		column("role", _("Client Portal Role"), "Data", 150),
		column("sections", _("Sections"), "Data", 260),
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
		"role": f.choice(filters, "role", "Client Portal Role", ROLES),
		"section": f.choice(filters, "section", "Section", SECTION_KEYS),
		"search": f.like(search) if search else None,
		"administrator": ADMINISTRATOR,
	}
	conditions = ["p.parenttype = 'Customer'", "p.parentfield = 'portal_users'"]
	if params["customer"]:
		conditions.append("p.parent = %(customer)s")
	if params["state"] == "Enabled":
		conditions.append("ifnull(u.enabled, 0) = 1")
	elif params["state"] == "Disabled":
		conditions.append("ifnull(u.enabled, 0) = 0")
	if params["role"]:
		conditions.append("p.ralom_portal_role = %(role)s")
	if params["section"]:
		# The rule of access.customers._granted: an administrator or an empty field grants every
		# section, else the stored comma-separated keys (spaces around a key ignored).
		conditions.append(
			"(p.ralom_portal_role = %(administrator)s or trim(ifnull(p.ralom_sections, '')) = ''"
			" or find_in_set(%(section)s, replace(p.ralom_sections, ' ', '')) > 0)"
		)
	if params["search"]:
		conditions.append(
			"(p.user like %(search)s or u.full_name like %(search)s"
			" or c.name like %(search)s or c.customer_name like %(search)s)"
		)
	data = frappe.db.sql(
		f"""select p.parent as customer, c.customer_name, p.user, u.full_name,
				p.ralom_portal_role as role, p.ralom_sections as sections,
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
	titles = {s["key"]: _(s["title"], context="Portal section") for s in sections.SECTIONS}
	roles = {r: _(r) for r in ROLES}
	for row in data:
		row.has_access = 1 if row.enabled and not row.customer_disabled else 0
		row.user_type = _(row.user_type) if row.user_type else None
		row.sections = section_text(row.role, row.sections, titles)
		row.role = roles.get(row.role, row.role)
	return data


def section_text(role: str | None, stored: str | None, titles: dict) -> str:
	"""What a row grants, in words: every section, none, or the titles of its keys in the registry's
	order (an unknown key, written by hand, is left out as `customers_for` leaves it out)."""
	if role == ADMINISTRATOR or not (stored or "").strip():
		return _("All sections")
	keys = {k.strip() for k in stored.split(",")}
	return ", ".join(titles[k] for k in SECTION_KEYS if k in keys) or _("none")
