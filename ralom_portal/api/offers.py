"""Client decisions on offers: accept, reject, and the offer PDF.

Thin: whitelisting, rate limits and the access check (a foreign, draft, cancelled or missing offer
all get the same PermissionError), then the domain code in `doctype/portal_offer_decision/decide.py`.
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import require_visible
from ralom_portal.portal.documents import ralom_document
from ralom_portal.portal.pdf import document_response
from ralom_portal.ralom_portal.doctype.portal_offer_decision import decide

# The portal's print layout; the desk print format "Ralom Portal Quotation" renders the same body.
TEMPLATE = "templates/print/document.html"


def _check_access(name) -> str:
	return require_visible("Quotation", name, decide.offer_denied_message())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def accept(name: str | None = None, content_hash: str | None = None):
	return decide.accept_offer(_check_access(name), content_hash)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def reject(name: str | None = None, reason: str | None = None, detail: str | None = ""):
	return decide.reject_offer(_check_access(name), reason, detail)


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=30, seconds=60)
def download_pdf(name: str | None = None, **ignored):
	"""The offer as PDF in the portal's fixed print format (format/letterhead/settings are ignored)."""
	name = _check_access(name)
	doc = frappe.get_doc("Quotation", name)
	# Terms are staff-written HTML: sanitise before they reach the template.
	doc.terms = frappe.utils.html_utils.clean_html(doc.terms) if doc.terms else doc.terms
	context = {"doc": doc, "d": ralom_document(doc, _("Offer")), "body": "templates/print/offer_body.html"}
	return document_response(TEMPLATE, context, name)
