"""E-mails to registrants and invitees, written in the recipient's language."""

from __future__ import annotations

import functools

import frappe
from frappe import _
from frappe.utils import get_url

from ralom_portal.utils import mail
from ralom_portal.utils.mail import in_language


def email(write):
	"""`write(*args)` returns (subject, paragraphs[, (label, url)]), already translated; the decorated
	function is called as (recipient, language, *args), writes the e-mail in `language` (so `_()` inside
	`write` translates to it) and queues it, the text escaped."""

	@functools.wraps(write)
	def send(recipient: str, language: str | None, *args) -> None:
		with in_language(language):
			subject, paragraphs, *link = write(*args)
			mail.queue(recipient, subject, mail.paragraphs_html(paragraphs, *link))

	return send


@email
def already_registered():
	return (
		_("Someone tried to create a client portal account with your e-mail"),
		[
			_(
				"A new client portal account was requested with this e-mail address, which already has an account."
			),
			_("If it was you, sign in or reset your password. If not, you can ignore this message."),
		],
		(_("Sign in"), get_url("/login")),
	)


@email
def request_received(link: str):
	"""The one e-mail after registering: Frappe's own one-time link to set a password (which also
	proves the address is the registrant's), and what happens next."""
	return (
		_("Confirm your e-mail and set your password"),
		[
			_(
				"Thank you for registering for the RALOM client portal. Open the link below to confirm your e-mail address and set your password."
			),
			_(
				"Our team will review your request and link your account to your company. You will get an e-mail when it is approved."
			),
		],
		(_("Set your password"), link),
	)


@email
def approved(company: str):
	return (
		_("Your client portal account was approved"),
		[
			_(
				"Your account is now linked to {0}. You can see your offers, projects and invoices in the portal."
			).format(company)
		],
		(_("Open the client portal"), get_url("/portal")),
	)


@email
def access_granted(company: str, full_name: str, new_user: str):
	"""To a customer's current portal users: somebody was given access to their company's portal."""
	return (
		_("Someone was given access to the client portal of {0}").format(company),
		[
			_("{0} ({1}) can now see the offers, projects and invoices of {2} in the client portal.").format(
				full_name, new_user, company
			),
			_("If you do not know this person, please contact us right away."),
		],
		(_("Open the client portal"), get_url("/portal")),
	)


@email
def rejected(reason: str):
	return (
		_("Your client portal registration was not approved"),
		[
			_("We could not approve your client portal registration."),
			_("Reason: {0}").format(reason),
			_("If you think this is a mistake, please contact us."),
		],
	)


@email
def invitation(company: str, link: str, expires_on, inviter: str | None = None):
	"""`inviter`: the colleague (a client administrator) who invited the person; None for staff."""
	return (
		_("You are invited to the RALOM client portal"),
		[
			_("{0} invited you to the client portal of RALOM for {1}.").format(inviter, company)
			if inviter
			else _("You have been invited to the client portal of RALOM for {0}.").format(company),
			_(
				"Open the link below to set your password. The link can be used once and expires on {0}."
			).format(frappe.utils.format_datetime(expires_on, "dd.MM.yyyy HH:mm")),
		],
		(_("Accept the invitation"), link),
	)
