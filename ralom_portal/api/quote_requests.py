"""Quote requests ("Cerere Ofertă") from the client portal: create, cancel, attach, item search.

Thin: whitelisting, rate limits, the access check, then the domain code beside the DocType
(`doctype/quote_request/submission.py`). `data` is a JSON object; drawings and specifications
come in the same multipart request as `files`.
"""

from __future__ import annotations

import frappe

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import require_client, require_visible
from ralom_portal.portal.queries import quote_requests as queries
from ralom_portal.ralom_portal.doctype.quote_request import submission

DOCTYPE = "Quote Request"


def _check_access(name) -> str:
	return require_visible(DOCTYPE, name, submission.quote_request_denied_message())


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=120, seconds=60)
def search_items(txt: str | None = None):
	"""Published catalogue items matching `txt` (code or name), at most 20."""
	require_client(section="quote_requests")
	return queries.search_catalogue(txt)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def submit(data=None):
	customer = require_client(section="quote_requests")
	return submission.create_request(customer, submission.parse(data), submission.request_files())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def cancel(name: str | None = None):
	return submission.cancel_request(_check_access(name))


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def attach(name: str | None = None):
	return submission.attach_files(_check_access(name), submission.request_files())
