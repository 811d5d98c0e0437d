"""Install and migrate hooks: keep the site in the shape the portal relies on."""

import frappe

from ralom_portal.setup import custom_fields


def after_install() -> None:
	apply()


def after_migrate() -> None:
	# Re-asserted on every migrate so a manual change in the desk cannot silently reopen a gap.
	apply()


# Portal clients read these only through our pages and API; they get no DocPerm of their own.
PORTAL_DOCTYPES = (
	"Quotation",
	"Sales Invoice",
	"Payment Entry",
	"Project",
	"Task",
	"Contract",
	"File",
	"Quote Request",
)
PORTAL_ROLES = ("Customer",)


def apply() -> None:
	custom_fields.sync()
	remove_portal_role_permissions()
	# Error pages must never show a server traceback to a client or a guest.
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
	# Frappe's own open sign-up stays closed: clients register through /portal/register (reviewed).
	frappe.db.set_single_value("Website Settings", "disable_signup", 1)
	frappe.db.commit()


def remove_portal_role_permissions() -> None:
	for doctype in PORTAL_DOCTYPES:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", PORTAL_ROLES)})
		frappe.clear_cache(doctype=doctype)
