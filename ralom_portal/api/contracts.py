"""Contracts in the portal: the client signs, downloads the PDF; staff send a contract for signature.

Thin: whitelisting, rate limits and the access check first (another client's contract, a draft
not sent, a cancelled or a missing one all get the same PermissionError), then the domain code in
`doctype/portal_contract_signature/signing.py`.
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import require_staff, require_visible
from ralom_portal.portal.pdf import document_response
from ralom_portal.ralom_portal.doctype.portal_contract_signature import signing

# The desk print format "Ralom Portal Contract" renders the same body as the client's PDF.
PRINT_FORMAT = "Ralom Portal Contract"
TEMPLATE = "templates/print/document.html"


def _check_access(name) -> str:
	return require_visible("Contract", name, signing.contract_denied_message())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=10, seconds=60)
def sign(
	name: str | None = None,
	full_name: str | None = None,
	accept=None,
	terms_hash: str | None = None,
	**ignored,
):
	"""Sign as the current client user. Anything else in the payload (signee, ip_address …) is ignored."""
	return signing.sign_contract(_check_access(name), full_name, accept, terms_hash)


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=30, seconds=60)
def download_pdf(name: str | None = None, **ignored):
	"""The contract as PDF in the portal's fixed print format (format/letterhead/settings are ignored)."""
	name = _check_access(name)
	doc = frappe.get_doc("Contract", name)
	# Terms are staff-written HTML: sanitise before they reach the template.
	doc.contract_terms = frappe.utils.html_utils.clean_html(doc.contract_terms or "")
	return document_response(TEMPLATE, {"doc": doc, "body": "templates/print/contract_body.html"}, name)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def send_for_signature(name: str | None = None):
	"""Staff only (write access to the contract): show this contract to the client for signing."""
	require_staff("Contract", name, message=_("You are not allowed to send this contract for signature."))
	return signing.send_for_signature(name)
