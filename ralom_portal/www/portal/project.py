import frappe
from frappe import _

from ralom_portal.portal.page import pager, record_page
from ralom_portal.portal.queries import projects

no_cache = 1


def get_context(context):
	page = frappe.form_dict.get("page")
	data = record_page(
		context, "projects", lambda c, name: projects.project_page(c, name, page), title=_("Project")
	)
	if not data:
		return
	context.update(data)
	context.title = data["project"].project_name or data["project"].name
	context.gantt_json = projects.as_script_json(data["gantt"])
	context.pager = pager(data["page"], data["pages"])
