"""Desk notifications (the bell in the ERPNext desk) for staff about what clients did in the portal."""

from __future__ import annotations

import frappe
from frappe.utils import cstr, escape_html

SETTINGS = "Client Portal Settings"


def staff_recipients(settings_field: str, role: str) -> list[str]:
	"""The addresses in Client Portal Settings' `settings_field` (separated by commas, semicolons or
	new lines; invalid ones and repeats dropped); when none are set, the enabled desk users with `role`."""
	raw = cstr(frappe.db.get_single_value(SETTINGS, settings_field, cache=False))
	emails = []
	for part in raw.replace(";", ",").replace("\n", ",").split(","):
		email = part.strip().lower()
		if email and frappe.utils.validate_email_address(email) and email not in emails:
			emails.append(email)
	if emails:
		return emails
	return [
		r[0]
		for r in frappe.db.sql(
			"""select distinct u.name from `tabUser` u join `tabHas Role` hr on hr.parent = u.name
			where hr.role = %s and hr.parenttype = 'User' and u.enabled = 1
				and u.user_type = 'System User' and u.name not in ('Administrator', 'Guest')""",
			(role,),
		)
	]


def desk_alert(users, subject: str, body: str, doctype: str, name: str) -> None:
	"""One Notification Log per enabled desk user in `users`. `subject` is plain text; `body` HTML."""
	users = [users] if isinstance(users, str) else list(users or [])
	if not users:
		return
	recipients = frappe.get_all(
		"User", {"name": ("in", users), "enabled": 1, "user_type": "System User"}, pluck="name"
	)
	for user in recipients:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": frappe.session.user,
				"type": "Alert",
				"document_type": doctype,
				"document_name": name,
				"subject": escape_html(subject),
				"email_content": body,
			}
		).insert(ignore_permissions=True)
