import frappe
from frappe import _
from frappe.utils import nowdate

from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import quote_requests

no_cache = 1


def get_context(context):
	customers = prepare(context, "quote_requests", title=_("New Quote Request"))
	if not customers:
		return
	context.form = quote_requests.form_options(customers, customers[0])
	context.delivery_options = quote_requests.DELIVERY_OPTIONS
	context.today = nowdate()
	context.limits = {
		"max_lines": quote_requests.MAX_LINES,
		"max_files": quote_requests.MAX_FILES,
		"max_file_mb": quote_requests.MAX_FILE_MB,
		"extensions": quote_requests.EXTENSIONS,
	}
	context.submission_key = frappe.generate_hash(length=32)
