"""Memberships (issue 27): every portal user who acts for a customer from before memberships becomes
that customer's Client administrator, with every section, so nothing changes for anyone on upgrade.

Only rows without a role are written, so a second run (or a run after clients have chosen roles
and sections) changes nothing; the sections are left as they are (empty already means every
section). Runs after the model sync but before after_migrate, so it adds the custom fields first
when the site does not have them yet (setup/custom_fields.sync is itself idempotent).
"""

import frappe

from ralom_portal.setup import custom_fields


def execute():
	if not frappe.db.has_column("Portal User", "ralom_portal_role"):
		custom_fields.sync()
	frappe.db.sql(
		"""update `tabPortal User` set ralom_portal_role = 'Client administrator'
		where parenttype = 'Customer' and parentfield = 'portal_users'
			and ifnull(ralom_portal_role, '') = ''"""
	)
