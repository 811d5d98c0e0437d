"""A client user's e-mail preferences: which portal events they hear about, and when (immediately,
in a daily digest, or never). Stored on the User (`ralom_email_frequency`, `ralom_email_events`).

The lookups live here, below the domain code, because immediate e-mails (a ticket reply, a shipment
that left) ask `wants_immediate` from beside their DocType; the digest and the bell's wording, which
read the portal's events, stay in `portal/preferences.py`.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from ralom_portal import sections

# The bell's event kinds (queries/notifications.py), in the order the form lists them: the section
# registry's `bell` rows.
EVENTS = tuple(s["bell"]["kind"] for s in sections.bells())
FREQUENCIES = ("Immediately", "Daily digest", "Never")
DEFAULT_FREQUENCY = "Immediately"


class PreferenceError(frappe.ValidationError):
	pass


def event_labels() -> dict[str, str]:
	labels = {}
	for s in sections.bells():
		label = s["bell"]["label"]  # through a name: Frappe's extractor reads a literal inside `_()`
		labels[s["bell"]["kind"]] = _(label)
	return labels


def get(user: str) -> dict:
	row = frappe.db.get_value("User", user, ["ralom_email_frequency", "ralom_email_events"], as_dict=True)
	frequency = row.ralom_email_frequency if row and row.ralom_email_frequency in FREQUENCIES else None
	stored = (row.ralom_email_events if row else None) or ""
	events = [e for e in stored.split(",") if e in EVENTS] if stored else list(EVENTS)
	return {"frequency": frequency or DEFAULT_FREQUENCY, "events": events}


def save(user: str, frequency, events) -> dict:
	"""Validate everything, then write both fields; a bad value refuses the whole call."""
	if frequency not in FREQUENCIES:
		frappe.throw(_("Choose how often you want e-mails."), PreferenceError)
	if isinstance(events, str):
		try:
			events = json.loads(events) if events.strip() else []
		except ValueError:
			frappe.throw(_("Unknown notification type."), PreferenceError)
	if not isinstance(events, list) or not all(isinstance(e, str) and e in EVENTS for e in events):
		frappe.throw(_("Unknown notification type."), PreferenceError)
	chosen = [e for e in EVENTS if e in events]
	frappe.db.set_value(
		"User",
		user,
		# "none" keeps an empty choice apart from "never set" (which means every event).
		{"ralom_email_frequency": frequency, "ralom_email_events": ",".join(chosen) or "none"},
		update_modified=False,
	)
	return get(user)


def wants_immediate(user: str, kind: str) -> bool:
	prefs = get(user)
	return prefs["frequency"] == "Immediately" and kind in prefs["events"]
