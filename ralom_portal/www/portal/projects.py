import frappe
from frappe import _

from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import projects

no_cache = 1


def get_context(context):
	customers = prepare(context, "projects", title=_("Projects"))
	if not customers:
		return
	status = projects.clean_status(frappe.form_dict.get("status"))
	context.status_filter = status
	context.status_options = projects.STATUSES
	context.projects = projects.project_list(customers, status)
