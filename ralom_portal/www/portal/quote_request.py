from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import quote_requests

no_cache = 1


def get_context(context):
	request = record_page(context, "quote_requests", _("Quote Request"), quote_requests.request)
	if not request:
		return
	context.title = _("Quote Request {0}").format(request.name)
	context.request = request
