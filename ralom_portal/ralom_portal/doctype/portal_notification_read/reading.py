"""Marking bell notifications read: only events the user can see now, each once.

Callers check that the user is a portal client first (`api.notifications`). Keys that are not among
the user's current events (another client's, made up, older than the bell's window) refuse the whole
call with one translated message, and nothing is written.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from ralom_portal.portal.queries import notifications
from ralom_portal.ralom_portal.doctype.portal_notification_read.portal_notification_read import row_name
from ralom_portal.utils.idempotency import insert_once

DOCTYPE = "Portal Notification Read"
MAX_KEYS = 50


class NotificationError(frappe.ValidationError):
	pass


def refuse_marking_read():
	frappe.throw(_("These notifications cannot be marked as read."), NotificationError)


def parse_keys(keys) -> list[str]:
	if isinstance(keys, str):
		try:
			keys = json.loads(keys)
		except ValueError:
			refuse_marking_read()
	if not isinstance(keys, list) or not keys or len(keys) > MAX_KEYS:
		refuse_marking_read()
	if not all(isinstance(k, str) and 0 < len(k) <= 200 for k in keys):
		refuse_marking_read()
	return list(dict.fromkeys(keys))


def mark_read(customers: tuple[str, ...], user: str, keys) -> dict:
	keys = parse_keys(keys)
	if not set(keys) <= notifications.event_keys(customers, user):
		refuse_marking_read()
	return {"marked": _write(user, keys)}


def mark_all_read(customers: tuple[str, ...], user: str) -> dict:
	return {"marked": _write(user, sorted(notifications.event_keys(customers, user)))}


def _write(user: str, keys: list[str]) -> int:
	names = {row_name(user, k): k for k in keys}
	existing = set(frappe.get_all(DOCTYPE, {"name": ("in", list(names))}, pluck="name")) if names else set()
	now = now_datetime()
	for name, key in names.items():
		if name in existing:
			continue
		# Another tab may have marked it a moment ago: the row is there, which is all that matters.
		insert_once(frappe.get_doc({"doctype": DOCTYPE, "user": user, "event_key": key, "read_on": now}))
	return len(names) - len(existing)
