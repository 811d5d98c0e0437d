"""Install and migrate hooks: keep the site in the shape the portal relies on."""

import frappe

from ralom_portal.setup import custom_fields


def after_install() -> None:
	apply()


def after_migrate() -> None:
	# Re-asserted on every migrate so a manual change in the desk cannot silently reopen a gap.
	apply()


def apply() -> None:
	custom_fields.sync()
	frappe.db.commit()
