"""PDFs of the "Invoices & Payments" section: an invoice, and the statement of account (RO/EN).

Read-only GET methods. Each checks access first: a foreign, draft, cancelled or non-existent
invoice gets the same PermissionError. Both PDFs are rendered from the portal's own templates
(never a print format or letter head chosen by the caller) and carry the seller's legal data.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils.html_utils import clean_html

from ralom_portal.access.customers import customers_for, is_desk_user
from ralom_portal.access.refuse import MAX_NAME, deny
from ralom_portal.portal.pdf import document_response
from ralom_portal.portal.queries import invoices
from ralom_portal.portal.queries.seller import seller
from ralom_portal.portal.statement_page import labels_language, statement_for


def _message() -> str:
	return _("This invoice does not exist or you do not have access to it.")


def _customers() -> tuple[str, ...]:
	"""The customers the current portal client acts for; everyone else gets the one refusal."""
	if frappe.session.user == "Guest" or is_desk_user() or not customers_for():
		deny(_message())
	return customers_for()


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=30, seconds=60)
def invoice_pdf(name: str, **ignored):
	customers = _customers()
	if not isinstance(name, str) or len(name) > MAX_NAME:
		deny(_message())
	invoice = invoices.invoice(customers, name)
	if not invoice:
		deny(_message())
	# Staff-written HTML (terms, ERPNext's rendered address): only a safe subset of tags is kept.
	invoice.terms_html = clean_html(invoice.terms) if invoice.terms else ""
	invoice.address_html = clean_html(invoice.address_display) if invoice.address_display else ""
	return document_response(
		"templates/portal/finance/invoice_pdf.html",
		{"invoice": invoice, "seller": seller(invoice.company)},
		invoice.name,
	)


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=30, seconds=60)
def statement_pdf(lang: str | None = None, **ignored):
	"""The statement for `from`, `to` and `currency` (query string), in `lang` (ro or en)."""
	customers = _customers()
	previous = frappe.local.lang
	frappe.local.lang = labels_language(lang)
	try:
		data, notices = statement_for(customers, frappe.form_dict)
		names = [frappe.get_cached_value("Customer", c, "customer_name") or c for c in customers]
		suffix = f"{data['currency'] or ''}-{data['start']}-{data['end']}"
		# Rendered (and its page numbers stamped) in the requested language.
		return document_response(
			"templates/portal/finance/statement_pdf.html",
			{"statement": data, "seller": seller(), "customers": names, "notices": notices, "pdf": True},
			f"statement-{suffix}",
		)
	finally:
		frappe.local.lang = previous
