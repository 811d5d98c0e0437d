import frappe
from frappe import _
from frappe.utils import cint

from ralom_portal.portal.page import pager, prepare, status_filter
from ralom_portal.portal.queries import tickets

no_cache = 1


def get_context(context):
	customers = prepare(context, "tickets", title=_("Support", context="Portal section"))
	status = status_filter(context, tickets.STATUSES)
	search = frappe.form_dict.get("q")
	context.search = search.strip()[:100] if isinstance(search, str) else ""
	if customers:
		result = tickets.list_tickets(
			customers, status, context.search, cint(frappe.form_dict.get("page")) or 1
		)
		context.tickets = result["rows"]
		context.pager = pager(result["page"], result["pages"], status=status, q=context.search)
