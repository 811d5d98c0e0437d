import frappe
from frappe import _

from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import tickets

no_cache = 1


def get_context(context):
	customers = prepare(context, "tickets", title=_("New Ticket"))
	if not customers:
		return
	context.categories = tickets.categories()
	# "Ask about this": a reference the client cannot see is dropped, and said so.
	ref_doctype, ref_name = frappe.form_dict.get("ref_doctype"), frappe.form_dict.get("ref_name")
	context.reference = tickets.reference(ref_doctype, ref_name, frappe.session.user)
	context.reference_refused = bool((ref_doctype or ref_name) and not context.reference)
	context.response_hours = tickets.response_hours("Medium")
	context.limits = {
		"max_files": tickets.MAX_FILES,
		"max_file_mb": tickets.MAX_FILE_MB,
		"extensions": tickets.EXTENSIONS,
		"max_subject": tickets.MAX_SUBJECT,
		"max_body": tickets.MAX_BODY,
	}
	context.submission_key = frappe.generate_hash(length=32)
