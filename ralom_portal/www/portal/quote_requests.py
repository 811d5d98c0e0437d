from frappe import _

from ralom_portal.portal.page import prepare, status_filter
from ralom_portal.portal.queries import quote_requests

no_cache = 1


def get_context(context):
	customers = prepare(context, "quote_requests", title=_("Quote Requests"))
	status = status_filter(context, quote_requests.STATUSES)
	if customers:
		context.requests = quote_requests.list_requests(customers, status)
