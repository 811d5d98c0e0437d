"""Visibility rules: one SQL condition per doctype.

The same condition feeds `permission_query_conditions` (lists) and `has_permission` /
`has_website_permission` (single documents), so a list and a document check can never disagree.
"""

import frappe

from ralom_portal import sections
from ralom_portal.access import doctypes
from ralom_portal.access.customers import customers_for, within


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


def gl_entry(customers):
	# The client's own ledger lines (the statement of account); cancelled lines never count.
	return (
		"`tabGL Entry`.party_type = 'Customer'"
		f" and `tabGL Entry`.party in {_in(customers)} and `tabGL Entry`.is_cancelled = 0"
	)


def journal_entry(customers):
	# A submitted journal entry is the client's when one of its lines names one of its customers.
	return (
		"`tabJournal Entry`.docstatus = 1 and `tabJournal Entry`.name in (select jea.parent"
		" from `tabJournal Entry Account` jea where jea.parenttype = 'Journal Entry'"
		f" and jea.party_type = 'Customer' and jea.party in {_in(customers)})"
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
	# Submitted contracts, and drafts only once staff sent them to the client for signature.
	return (
		f"`tabContract`.party_type = 'Customer' and `tabContract`.party_name in {_in(customers)}"
		" and (`tabContract`.docstatus = 1 or (`tabContract`.docstatus = 0"
		" and ifnull(`tabContract`.ralom_sent_for_signature, 0) = 1))"
	)


def quote_request(customers):
	return f"`tabQuote Request`.customer in {_in(customers)}"


def support_ticket(customers):
	return f"`tabSupport Ticket`.customer in {_in(customers)}"


def support_ticket_message(customers):
	# Internal notes are staff-only, whoever asks: the client never sees them nor their files.
	return (
		"ifnull(`tabSupport Ticket Message`.internal, 0) = 0 and `tabSupport Ticket Message`.ticket in"
		f" (select t.name from `tabSupport Ticket` t where t.customer in {_in(customers)})"
	)


def customer_shipment(customers):
	# Cancelled shipments (their delivery note was cancelled, or they were merged) are staff-only.
	return (
		f"`tabCustomer Shipment`.customer in {_in(customers)}"
		" and `tabCustomer Shipment`.status != 'Cancelled'"
	)


def file_branches(customers) -> list[str]:
	"""The File rule's alternatives, one per kind of record a file can hang off: files of a record
	the client may see (doctypes marked `files` in the registry), and files staff shared with the
	client company as a whole (attached to the Customer itself and flagged `ralom_portal_shared`;
	client uploads to the library are stored the same way). Each names one `attached_to_doctype`,
	so each alone can read File through its (attached_to_doctype, attached_to_name) index."""
	branches = [
		f"(`tabFile`.attached_to_doctype = {frappe.db.escape(dt)} and `tabFile`.attached_to_name in"
		f" (select `tab{dt}`.name from `tab{dt}` where {RULES[dt](section_customers(customers, dt))}))"
		for dt in doctypes.file_parents()
	]
	branches.append(shared_files(customers))
	return branches


def file_parent_records(customers) -> list[tuple[str, str]]:
	"""The same branches as `file_branches`, for a list that starts from the records: per doctype
	marked `files`, (doctype, a query of the names of the client's records of that doctype)."""
	return [
		(dt, f"select `tab{dt}`.name from `tab{dt}` where {RULES[dt](section_customers(customers, dt))}")
		for dt in doctypes.file_parents()
	]


def shared_files(customers) -> str:
	"""The branch of files staff shared with the client company (the library's company folder, and
	the bell's "new file" events): the Files section's own records, so only for the customers whose
	membership grants Fișiere (a colleague without it sees neither the library nor its files)."""
	return (
		"(`tabFile`.attached_to_doctype = 'Customer' and ifnull(`tabFile`.ralom_portal_shared, 0) = 1"
		f" and `tabFile`.attached_to_name in {_in(within(customers, 'files'))})"
	)


# Files marked internal never are visible, nor folders.
FILE_FLAGS = "ifnull(`tabFile`.ralom_portal_internal, 0) = 0 and ifnull(`tabFile`.is_folder, 0) = 0"


def file(customers):
	# The only File rule: the permission hooks, the download endpoint and every page read it. The
	# library lists one branch at a time (a UNION ALL, queries/files.py): an OR of the branches
	# makes MariaDB scan every file of the site, which is fine for one row, not for a list.
	return f"{FILE_FLAGS} and ({' or '.join(file_branches(customers))})"


# One rule per entry of the registry (access.doctypes); a test keeps the two in step.
RULES = {
	"Quotation": quotation,
	"Sales Invoice": sales_invoice,
	"Payment Entry": payment_entry,
	"GL Entry": gl_entry,
	"Journal Entry": journal_entry,
	"Project": project,
	"Task": task,
	"Contract": contract,
	"Quote Request": quote_request,
	"File": file,
	"Support Ticket": support_ticket,
	"Support Ticket Message": support_ticket_message,
	"Customer Shipment": customer_shipment,
}


def section_key(doctype: str) -> str | None:
	"""The registry section whose membership grant `doctype` needs; None for File, whose branches
	each narrow to their parent doctype's section (company-shared files: Fișiere's)."""
	if doctype == "File":
		return None
	s = sections.of_doctype(doctype)
	return s["key"] if s else None


def section_customers(customers, doctype: str):
	"""`customers` (as `customers_for` answers them) less those whose membership hides `doctype`'s
	section: what a File branch for files of `doctype` records reads."""
	return within(customers, section_key(doctype))


def condition(doctype: str, user: str | None = None) -> str:
	"""The SQL condition that limits `doctype` to what `user` may see as a portal client: the
	customers whose membership grants the doctype's section (memberships, issue 27)."""
	return RULES[doctype](customers_for(user, section_key(doctype)))


def can_see(doctype: str, name: str, user: str | None = None) -> bool:
	if not name:
		return False
	return bool(
		frappe.db.sql(
			f"select 1 from `tab{doctype}` where `tab{doctype}`.name = %s and ({condition(doctype, user)}) limit 1",
			name,
		)
	)
