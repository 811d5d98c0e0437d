"""Project data for portal clients."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.customers import customers_for, is_desk_user
from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import deny
from ralom_portal.portal.queries import projects


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=120, seconds=60)
def gantt(project: str | None = None):
	"""The Gantt data of one of the client's projects: {tasks, unscheduled, invalid, statuses,
	language, labels}. A project of another client and one that does not exist raise the same
	PermissionError, so the answer tells nothing about other clients' records."""
	customers = () if is_desk_user() else customers_for(section="projects")
	data = projects.gantt_data(customers, project) if customers and isinstance(project, str) else None
	if data is None:
		deny(_("Not permitted"))
	return data
