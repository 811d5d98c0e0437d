"""Desk notifications (the bell in the ERPNext desk) for staff about what clients did in the portal."""

from __future__ import annotations

import frappe
from frappe.utils import escape_html


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
