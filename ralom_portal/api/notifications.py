"""The bell's notifications: mark one (when opened) or all as read; the user's e-mail preferences.

Thin: whitelisting (POST), a per-user rate limit, the client check, then the domain code beside the
DocType (`doctype/portal_notification_read/reading.py`)."""

from __future__ import annotations

import frappe

from ralom_portal.access.customers import customers_for
from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import require_client
from ralom_portal.portal import preferences
from ralom_portal.portal.queries import notifications
from ralom_portal.ralom_portal.doctype.portal_notification_read import reading
from ralom_portal.utils.formats import short_date
from ralom_portal.utils.request_args import unexpected


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=120, seconds=60)
def recent():
	"""The bell's list, fetched when it is opened (pages carry only the unread count)."""
	require_client()
	bell = notifications.recent(customers_for(), frappe.session.user)
	return {
		"unread": bell["unread"],
		"items": [
			{
				"key": e.event_key,
				"kind": e.kind,
				"text": preferences.notification_text(e),
				"route": e.route,
				"date": short_date(e.at),
				"read": e.is_read,
			}
			for e in bell["items"]
		],
	}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=120, seconds=60)
def mark_read(keys=None):
	require_client()
	return reading.mark_read(customers_for(), frappe.session.user, keys)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def mark_all_read():
	require_client()
	return reading.mark_all_read(customers_for(), frappe.session.user)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def save_preferences(frequency: str | None = None, events=None, **extra):
	"""The current user's own e-mail preferences; naming anyone else (or anything else) is refused."""
	require_client()
	if unexpected(extra):
		frappe.throw(frappe._("Only your own preferences can be changed here."), preferences.PreferenceError)
	return preferences.save(frappe.session.user, frequency, events)
