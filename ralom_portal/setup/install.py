"""Install and migrate hooks: keep the site in the shape the portal relies on."""

import frappe

from ralom_portal.access import doctypes
from ralom_portal.setup import custom_fields


def after_install() -> None:
	apply()


def after_migrate() -> None:
	# Re-asserted on every migrate so a manual change in the desk cannot silently reopen a gap.
	apply()


PORTAL_ROLES = ("Customer",)


def apply() -> None:
	custom_fields.sync()
	remove_portal_role_permissions()
	ensure_kanbans()
	# Error pages must never show a server traceback to a client or a guest.
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
	# Frappe's own open sign-up stays closed: clients register through /portal/register (reviewed).
	frappe.db.set_single_value("Website Settings", "disable_signup", 1)
	# Login limits are per account (access/login_limits.py), not Frappe's IP lockout that answers 500.
	from ralom_portal.access.login_limits import disable_frappe_lockout

	disable_frappe_lockout()
	# Guest pages carry the company's name and logo, and no newsletter box nor "Powered by ERPNext".
	from ralom_portal.setup.website import brand_website

	brand_website()
	from ralom_portal.setup import indexes

	indexes.ensure()
	# The per-customer summaries the big customer's pages read, rebuilt from the documents (summaries/).
	from ralom_portal import summaries

	summaries.ensure()
	frappe.db.commit()


def remove_portal_role_permissions() -> None:
	"""Portal clients read the portal doctypes only through our pages and API: no DocPerm of their own."""
	for doctype in doctypes.names():
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", PORTAL_ROLES)})
		frappe.clear_cache(doctype=doctype)


def ensure_kanbans() -> None:
	"""Staff follow quote requests and support tickets on Kanban boards by status (desk: > Kanban)."""
	from ralom_portal.ralom_portal.doctype.quote_request.quote_request import STATUSES
	from ralom_portal.ralom_portal.doctype.support_ticket.support_ticket import STATUSES as TICKET_STATUSES

	ensure_kanban("Quote Requests", "Quote Request", STATUSES, ("Blue", "Orange", "Green", "Gray", "Red"))
	ensure_kanban(
		"Support Tickets", "Support Ticket", TICKET_STATUSES, ("Red", "Orange", "Yellow", "Green", "Gray")
	)


def ensure_kanban(board: str, doctype: str, statuses, colors) -> None:
	if frappe.db.exists("Kanban Board", board):
		return
	frappe.get_doc(
		{
			"doctype": "Kanban Board",
			"kanban_board_name": board,
			"reference_doctype": doctype,
			"field_name": "status",
			"columns": [
				{"column_name": status, "status": "Active", "indicator": color, "order": i}
				for i, (status, color) in enumerate(zip(statuses, colors, strict=False))
			],
		}
	).insert(ignore_permissions=True)
