"""Visibility rules: one SQL condition per doctype.

The same condition feeds `permission_query_conditions` (lists) and `has_permission` /
`has_website_permission` (single documents), so a list and a document check can never disagree.
"""

import frappe

from ralom_portal.access import doctypes
from ralom_portal.access.customers import customers_for


def _in(customers: tuple[str, ...]) -> str:
	if not customers:
		return "(NULL)"
	return "(" + ", ".join(frappe.db.escape(c) for c in customers) + ")"


def quotation(customers):
	return (
		"`tabQuotation`.quotation_to = 'Customer'"
		f" and `tabQuotation`.party_name in {_in(customers)} and `tabQuotation`.docstatus = 1"
	)


def sales_invoice(customers):
	return f"`tabSales Invoice`.customer in {_in(customers)} and `tabSales Invoice`.docstatus = 1"


def payment_entry(customers):
	return (
		"`tabPayment Entry`.party_type = 'Customer'"
		f" and `tabPayment Entry`.party in {_in(customers)} and `tabPayment Entry`.docstatus = 1"
	)


def project(customers):
	return f"`tabProject`.customer in {_in(customers)}"


def task(customers):
	# A task is visible through its project, and only when staff have not hidden it.
	return (
		"`tabTask`.project in (select p.name from `tabProject` p"
		f" where p.customer in {_in(customers)}) and ifnull(`tabTask`.ralom_portal_visible, 1) = 1"
	)


def contract(customers):
	return f"`tabContract`.party_type = 'Customer' and `tabContract`.party_name in {_in(customers)}"


def quote_request(customers):
	return f"`tabQuote Request`.customer in {_in(customers)}"


def file(customers):
	# A file is visible when the record it hangs off is (doctypes marked `files` in the registry),
	# or when staff shared it with the client company as a whole: attached to the Customer itself
	# and flagged `ralom_portal_shared` (client uploads to the library are stored the same way).
	# Files marked internal never are. This is the only File rule: the library page, the download
	# endpoint and the permission hooks all read it.
	parents = " or ".join(
		f"(`tabFile`.attached_to_doctype = {frappe.db.escape(dt)} and `tabFile`.attached_to_name in"
		f" (select `tab{dt}`.name from `tab{dt}` where {RULES[dt](customers)}))"
		for dt in doctypes.file_parents()
	)
	shared = (
		"(`tabFile`.attached_to_doctype = 'Customer' and ifnull(`tabFile`.ralom_portal_shared, 0) = 1"
		f" and `tabFile`.attached_to_name in {_in(customers)})"
	)
	return (
		"ifnull(`tabFile`.ralom_portal_internal, 0) = 0 and ifnull(`tabFile`.is_folder, 0) = 0"
		f" and ({parents} or {shared})"
	)


# One rule per entry of the registry (access.doctypes); a test keeps the two in step.
RULES = {
	"Quotation": quotation,
	"Sales Invoice": sales_invoice,
	"Payment Entry": payment_entry,
	"Project": project,
	"Task": task,
	"Contract": contract,
	"Quote Request": quote_request,
	"File": file,
}


def condition(doctype: str, user: str | None = None) -> str:
	"""The SQL condition that limits `doctype` to what `user` may see as a portal client."""
	return RULES[doctype](customers_for(user))


def can_see(doctype: str, name: str, user: str | None = None) -> bool:
	if not name:
		return False
	return bool(
		frappe.db.sql(
			f"select 1 from `tab{doctype}` where `tab{doctype}`.name = %s and ({condition(doctype, user)}) limit 1",
			name,
		)
	)
