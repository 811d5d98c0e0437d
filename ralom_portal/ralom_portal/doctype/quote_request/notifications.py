"""Who hears about a quote request: the sales team when it arrives, the client when it is quoted."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, escape_html, get_url

from ralom_portal import sections
from ralom_portal.access.customers import customers_for, forget
from ralom_portal.utils import mail
from ralom_portal.utils.notify import desk_alert, staff_recipients


def notify_client_of_offer(request, quotation) -> None:
	"""E-mail the client who asked, in their language, that the offer is ready."""
	user = request.requested_by
	if not user or not frappe.db.get_value("User", user, "enabled"):
		return
	# The requester may have been unlinked since: only someone who still acts for the customer is told.
	forget(user)
	if request.customer not in customers_for(user):
		return
	with mail.in_language(mail.language_of(user)):
		subject = _("Your offer {0} for quote request {1} is ready").format(quotation.name, request.name)
		link = (
			_("View the offer in the client portal"),
			get_url(sections.record_route("Quotation", quotation.name)),
		)
		mail.queue(
			user,
			subject,
			mail.paragraphs_html([subject], link),
			reference_doctype="Quote Request",
			reference_name=request.name,
		)


def sales_recipients() -> list[str]:
	"""Emails from Client Portal Settings; when none are set, the enabled Sales Managers."""
	return staff_recipients("quote_request_recipients", "Sales Manager")


def notify_sales_team(request) -> None:
	"""E-mail and a desk notification for the sales team about a new request."""
	recipients = sales_recipients()
	if not recipients:
		return
	subject = _("New quote request {0} from {1}").format(
		request.name, request.customer_name or request.customer
	)
	link = get_url(f"/app/quote-request/{request.name}")
	lines = "".join(
		"<li>{0} × {1}</li>".format(
			"%g" % (row.qty or 0),
			escape_html(row.item_name or row.item_code or cstr(row.description)[:140]),
		)
		for row in request.items
	)
	message = '<p>{0}</p><ul>{1}</ul><p><a href="{2}">{3}</a></p>'.format(
		escape_html(subject), lines, escape_html(link), escape_html(_("Open the request"))
	)
	mail.queue(recipients, subject, message, reference_doctype="Quote Request", reference_name=request.name)
	desk_alert(recipients, subject, message, "Quote Request", request.name)
