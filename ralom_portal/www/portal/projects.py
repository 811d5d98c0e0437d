from frappe import _

from ralom_portal.portal.page import PAGE_SIZE, page_number, paginate, prepare, status_filter
from ralom_portal.portal.queries import projects

no_cache = 1


def get_context(context):
	customers = prepare(context, "projects", title=_("Projects"))
	status = status_filter(context, projects.STATUSES)
	if customers:
		page = page_number()
		rows = projects.project_list(customers, status, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
		context.projects = paginate(context, rows, page, status=status)
