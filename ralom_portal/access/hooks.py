"""Frappe permission hooks for the portal doctypes.

They only ever narrow access, and only for portal users (website users and guests): for desk
users the query hooks return "" and the document hooks return None (no opinion), so staff keep
exactly the access their roles give them. `has_website_permission` hooks are AND-ed by Frappe
with ERPNext's own, so for staff they answer True and leave the decision to the others.
"""

from ralom_portal.access import rules
from ralom_portal.access.customers import is_desk_user


def _query(doctype: str, user: str | None) -> str:
	if is_desk_user(user):
		return ""
	return rules.condition(doctype, user)


def _document(doctype: str, doc, user: str | None) -> bool | None:
	if is_desk_user(user):
		return None
	name = doc if isinstance(doc, str) else doc.name
	# Portal clients never write through generic endpoints; our API writes on their behalf.
	return rules.can_see(doctype, name, user)


def _website(doctype: str, doc, ptype=None, user=None, verbose=False) -> bool:
	if is_desk_user(user):
		return True
	name = doc if isinstance(doc, str) else doc.name
	return rules.can_see(doctype, name, user)


def _make(doctype: str):
	def query(user=None, doctype=None):
		return _query(doctype_name, user)

	def has_permission(doc, ptype=None, user=None, debug=False):
		return _document(doctype_name, doc, user)

	def has_website_permission(doc, ptype=None, user=None, verbose=False):
		return _website(doctype_name, doc, ptype, user, verbose)

	doctype_name = doctype
	return query, has_permission, has_website_permission


(quotation_query, quotation_has_permission, quotation_has_website_permission) = _make("Quotation")
(sales_invoice_query, sales_invoice_has_permission, sales_invoice_has_website_permission) = _make(
	"Sales Invoice"
)
(payment_entry_query, payment_entry_has_permission, payment_entry_has_website_permission) = _make(
	"Payment Entry"
)
(project_query, project_has_permission, project_has_website_permission) = _make("Project")
(task_query, task_has_permission, task_has_website_permission) = _make("Task")
(contract_query, contract_has_permission, contract_has_website_permission) = _make("Contract")
(file_query, file_has_permission, file_has_website_permission) = _make("File")
(quote_request_query, quote_request_has_permission, quote_request_has_website_permission) = _make(
	"Quote Request"
)
