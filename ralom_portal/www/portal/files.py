import frappe
from frappe import _

from ralom_portal.portal.page import pager, prepare
from ralom_portal.portal.queries import files

no_cache = 1


def get_context(context):
	customers = prepare(context, "files", title=_("Files"))
	if not customers:
		return
	filters = files.clean_filters(frappe.form_dict)
	result = files.library(customers, filters)
	context.filters = filters
	context.files = result["files"]
	context.total = result["total"]
	context.pager = pager(
		result["page"], result["pages"], type=filters["type"], record=filters["record"], q=filters["text"]
	)
	context.type_labels = files.TYPE_LABELS
	context.record_kinds = [(k, files.record_label(k)) for k in files.record_kinds()]
	context.client_folder = files.CLIENT_FOLDER
	context.upload_targets = files.upload_targets(customers)
