from frappe import _

from ralom_portal.portal.page import prepare, status_filter
from ralom_portal.portal.queries import projects

no_cache = 1


def get_context(context):
	customers = prepare(context, "projects", title=_("Projects"))
	status = status_filter(context, projects.STATUSES)
	if customers:
		context.projects = projects.project_list(customers, status)
