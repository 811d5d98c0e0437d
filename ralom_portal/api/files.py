"""Files ("Fișiere"): download/preview, client uploads and deletions, staff sharing.

Thin: whitelisting, rate limits, the access check, then `portal.file_serving` (reads) or
`portal.client_files` (writes). `/private/files/` stays closed to clients (the request gate);
this is their only way to a file, and it checks the File row asked for on every request.
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import require_client, require_staff, require_visible
from ralom_portal.portal import client_files, file_serving
from ralom_portal.ralom_portal.doctype.quote_request import submission
from ralom_portal.utils.request_args import required


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=240, seconds=60)
def download(name=None, **ignored):
	"""The file of File row `name`, inline (PDF, images) or as a download; one 404 for any refusal.

	`name` is left unannotated on purpose: a list or object is one more name that does not exist
	(`visible_row` refuses anything but a short string), so it gets the same 404, not a type error."""
	return file_serving.serve(file_serving.visible_row(name))


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def upload(quote_request: str | None = None):
	"""Files from the client: to the company's "From client" folder, or to one of its quote requests."""
	if quote_request:
		name = require_visible("Quote Request", quote_request, submission.quote_request_denied_message())
		return submission.attach_files(name, submission.request_files())
	customer = require_client(section="files")
	return client_files.upload_to_company(customer, client_files.request_files())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def delete(name: str | None = None):
	require_client(section="files")
	return client_files.delete_own(name, frappe.session.user)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def share(name: str | None = None, shared: int = 1, folder: str | None = None):
	"""Desk: share a Customer attachment with that client (or stop sharing it)."""
	require_staff()
	return client_files.share(required(name, _("File", context="Missing argument")), shared, folder)
