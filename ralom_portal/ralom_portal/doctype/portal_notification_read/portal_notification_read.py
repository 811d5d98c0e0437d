"""A client user opened a portal notification (the bell): one row per user and event.

The name is derived from the user and the event key, so marking the same event twice (two tabs,
a double click) writes one row; rows are written only by `ralom_portal.api.notifications`."""

import hashlib

from frappe.model.document import Document


def row_name(user: str, key: str) -> str:
	return hashlib.sha256(f"{user}\n{key}".encode()).hexdigest()[:32]


class PortalNotificationRead(Document):
	def autoname(self):
		self.name = row_name(self.user, self.event_key)
