from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import tickets

no_cache = 1


def get_context(context):
	ticket = record_page(
		context, "tickets", tickets.ticket, title=_("Ticket"), heading=_("Ticket {0}"), key="ticket"
	)
	if not ticket:
		return
	context.limits = {
		"max_files": tickets.MAX_FILES,
		"max_file_mb": tickets.MAX_FILE_MB,
		"extensions": tickets.EXTENSIONS,
	}
