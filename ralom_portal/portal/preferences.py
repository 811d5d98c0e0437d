"""Which portal events a client user hears about by e-mail, and when: immediately, in a daily digest,
or never. Stored on the User (`ralom_email_frequency`, `ralom_email_events`); the bell shows every
event whatever is chosen here.

Immediate e-mails (a reply to a ticket, a shipment that left or arrived) ask `wants_immediate` first;
the daily digest (`send_daily_digests`, scheduled in hooks.py) sends one e-mail with what happened
since the previous day to users who chose it, and nothing when nothing happened.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, get_url, now_datetime

from ralom_portal import sections
from ralom_portal.access.customers import customers_for
from ralom_portal.portal.queries.notifications import since
from ralom_portal.utils import mail

# The lookups (and the choices) are one level down, where domain code can ask them; these names stay
# importable from here for the portal's pages and API.
from ralom_portal.utils.preferences import (  # noqa: F401
	DEFAULT_FREQUENCY,
	EVENTS,
	FREQUENCIES,
	PreferenceError,
	event_labels,
	get,
	save,
	wants_immediate,
)


def send_daily_digests() -> None:
	"""Daily: one e-mail per digest user with yesterday's events of the kinds they chose."""
	users = frappe.get_all(
		"User",
		{"enabled": 1, "user_type": "Website User", "ralom_email_frequency": "Daily digest"},
		pluck="name",
	)
	for user in users:
		send_digest(user)


def send_digest(user: str) -> bool:
	"""The digest for `user`; False (and no e-mail) when nothing happened."""
	customers = customers_for(user)
	prefs = get(user)
	if not customers or not prefs["events"]:
		return False
	events = [e for e in since(customers, user, add_days(now_datetime(), -1)) if e.kind in prefs["events"]]
	if not events:
		return False
	with mail.in_language(mail.language_of(user)):
		lines = [_("What happened in your client portal in the last day:")] + [
			f"{notification_text(e)} — {get_url(e.route)}" for e in events
		]
		mail.queue(user, _("Your client portal: {0} new").format(len(events)), mail.paragraphs_html(lines))
	return True


def notification_text(event) -> str:
	"""One event as a line of plain text in the current language: the bell's line and the digest's
	(a Jinja method; the template escapes it). The strings are the registry's `bell.text`, per detail."""
	_section, bell = sections.bell_of(event.kind)
	text = bell["text"].get(event.detail) or bell["text"]["*"]
	detail = _(event.detail, context=bell["detail_context"]) if bell.get("detail_context") else event.detail
	return _(text).format(event.label, detail)
