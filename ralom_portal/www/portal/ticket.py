from frappe import _

from ralom_portal.portal.page import not_found, prepare, route_name
from ralom_portal.portal.queries import tickets

no_cache = 1


def get_context(context):
	customers = prepare(context, "tickets", title=_("Ticket"))
	if not customers:
		return
	name = route_name()
	ticket = tickets.ticket(customers, name) if name else None
	if not ticket:
		not_found(context)
		return
	context.title = _("Ticket {0}").format(ticket.name)
	context.ticket = ticket
	context.limits = {
		"max_files": tickets.MAX_FILES,
		"max_file_mb": tickets.MAX_FILE_MB,
		"extensions": tickets.EXTENSIONS,
	}
