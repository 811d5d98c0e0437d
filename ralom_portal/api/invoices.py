"""PDFs of the "Invoices & Payments" section: an invoice, and the statement of account (RO/EN).

Read-only GET methods. Each checks access first: a foreign, draft, cancelled or non-existent
invoice gets the same PermissionError. Both PDFs are rendered from the portal's own templates
(never a print format or letter head chosen by the caller) and carry the seller's legal data.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.html_utils import clean_html

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import MAX_NAME, deny, require_customers
from ralom_portal.portal.documents import ralom_document, statement_parties
from ralom_portal.portal.pdf import document_response
from ralom_portal.portal.queries import invoices
from ralom_portal.portal.statement_page import labels_language, statement_for


def invoice_denied_message() -> str:
	"""One answer for a foreign, draft, cancelled or missing invoice (the e-Factura files' too)."""
	return _("This invoice does not exist or you do not have access to it.")


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=30, seconds=60)
def invoice_pdf(name: str | None = None, **ignored):
	customers = require_customers(invoice_denied_message(), "invoices")
	if not isinstance(name, str) or len(name) > MAX_NAME:
		deny(invoice_denied_message())
	invoice = invoices.invoice(customers, name)
	if not invoice:
		deny(invoice_denied_message())
	doc = frappe.get_doc("Sales Invoice", invoice.name)
	# Terms are staff-written HTML: only a safe subset of tags reaches the PDF.
	doc.terms = clean_html(doc.terms) if doc.terms else doc.terms
	title = _("Credit Note", context="Invoice status") if doc.is_return else _("Invoice")
	context = {"doc": doc, "d": ralom_document(doc, title), "body": "templates/print/invoice_body.html"}
	return document_response("templates/print/document.html", context, doc.name)


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=30, seconds=60)
def statement_pdf(lang: str | None = None, **ignored):
	"""The statement for `from`, `to` and `currency` (query string), in `lang` (ro or en)."""
	customers = require_customers(invoice_denied_message(), "invoices")
	previous = frappe.local.lang
	frappe.local.lang = labels_language(lang)
	try:
		data, notices = statement_for(customers, frappe.form_dict)
		suffix = f"{data['currency'] or ''}-{data['start']}-{data['end']}"
		context = {
			"d": statement_parties(customers),
			"statement": data,
			"notices": notices,
			"pdf": True,
			"body": "templates/print/statement_body.html",
		}
		# Rendered (and its page numbers stamped) in the requested language.
		return document_response("templates/print/document.html", context, f"statement-{suffix}")
	finally:
		frappe.local.lang = previous
