import frappe
from frappe import _

from ralom_portal.portal.page import not_found, pager, prepare, route_name
from ralom_portal.portal.queries import projects

no_cache = 1


def get_context(context):
	customers = prepare(context, "projects", title=_("Project"))
	if not customers:
		return
	data = projects.project_page(customers, route_name(), frappe.form_dict.get("page"))
	if data is None:
		not_found(context)
		return
	context.update(data)
	context.title = data["project"].project_name or data["project"].name
	context.gantt_json = projects.as_script_json(data["gantt"])
	context.pager = pager(data["page"], data["pages"])
