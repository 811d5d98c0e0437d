from frappe import _

from ralom_portal.portal.page import not_found, prepare, route_name
from ralom_portal.portal.queries import quote_requests

no_cache = 1


def get_context(context):
	customers = prepare(context, "quote_requests", title=_("Quote Request"))
	if not customers:
		return
	name = route_name()
	request = quote_requests.request(customers, name) if name else None
	if not request:
		not_found(context)
		return
	context.title = _("Quote Request {0}").format(request.name)
	context.request = request
