"""E-mail from the portal: queued, in the recipient's language, never failing the action that sends it."""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from frappe.utils import escape_html

LANGUAGES = ("ro", "en")


@contextmanager
def in_language(language: str | None):
	"""Translate with `language` inside the block (the request's own language otherwise)."""
	previous = getattr(frappe.local, "lang", None)
	frappe.local.lang = language if language in LANGUAGES else (previous or "ro")
	try:
		yield
	finally:
		frappe.local.lang = previous


def language_of(user: str) -> str | None:
	return frappe.db.get_value("User", user, "language") or None


def sender() -> str:
	"""The default outgoing account's address, else the site's auto_email_id, else a fixed no-reply.
	Always explicit: without an outgoing account (a fresh or test site) Frappe cannot format one."""
	account = frappe.db.get_value("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}, "email_id")
	return account or frappe.conf.get("auto_email_id") or "noreply@ralom.ro"


def queue(recipients, subject: str, message: str, **kwargs) -> None:
	"""frappe.sendmail(now=False), except that a site without an outgoing Email Account does not fail
	the request that sends it (nor tell a guest about the mail setup); staff find it in the Error Log."""
	recipients = [recipients] if isinstance(recipients, str) else list(recipients)
	messages = len(getattr(frappe.local, "message_log", []) or [])
	try:
		frappe.sendmail(
			recipients=recipients, sender=sender(), subject=subject, message=message, now=False, **kwargs
		)
	except frappe.OutgoingEmailError:
		del frappe.local.message_log[messages:]
		frappe.log_error(title="Client portal: e-mail not queued", message=f"{subject} → {recipients}")


def paragraphs_html(paragraphs: list[str], link: tuple[str, str] | None = None) -> str:
	"""Plain, already translated paragraphs (and an optional (label, url) link) as escaped HTML."""
	body = "".join(f"<p>{escape_html(p)}</p>" for p in paragraphs)
	if link:
		label, url = link
		body += f'<p><a href="{escape_html(url)}">{escape_html(label)}</a></p>'
	return body
