"""Memberships (issue 27): what a person may see of a customer they act for, as two custom fields on
ERPNext's own `Portal User` row (the child table behind `Customer.portal_users`), listed in
`custom_fields.CUSTOM_FIELDS` and synced with them on install and migrate.

Why fields on that row and not a DocType of our own: the row IS the "acts for" link. Unlinking a
person (in the portal, in the desk, or by ERPNext) removes their rights with it, so there is no
second record to forget, to go stale or to grant anything to someone no longer linked; the Customer
form shows role and sections in its grid, where staff already manage the link; and ERPNext's own
pages and reports keep reading the one table. `access.customers` reads both fields with the link,
in its one query per request.

- `ralom_portal_role`: a Client administrator sees every section, whatever `ralom_sections` holds.
  No default: Frappe fills a new row (added in the desk, or by `access.links.link_user`) with the
  first option, an administrator, which is what a row meant before memberships; the upgrade patch
  (`patches/v1_1/portal_users_administer_their_customer.py`) sets the rows that predate the field.
- `ralom_sections`: comma-separated keys of the section registry (`ralom_portal/sections.py`). As
  `User.ralom_email_events` does, empty means every section (a row staff add in the desk, or any row
  from before memberships) and the literal `none` means no section.
"""

from ralom_portal.access.customers import ADMINISTRATOR, MEMBER, NO_SECTION

ROLES = (ADMINISTRATOR, MEMBER)

FIELDS = [
	{
		"fieldname": "ralom_portal_role",
		"label": "Client Portal Role",
		"fieldtype": "Select",
		"options": "\n".join(ROLES),
		"insert_after": "user",
		"in_list_view": 1,
		"columns": 2,
	},
	{
		"fieldname": "ralom_sections",
		"label": "Sections",
		"fieldtype": "Small Text",
		"insert_after": "ralom_portal_role",
		"in_list_view": 1,
		"columns": 4,
		"description": (
			"For a Member: comma-separated portal sections (quote_requests, projects, invoices, "
			"contracts, offers, tickets, shipments, files); empty means every section, "
			f"{NO_SECTION} means no section. A Client administrator sees every section."
		),
	},
]
