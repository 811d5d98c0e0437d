from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import quote_requests

no_cache = 1


def get_context(context):
	record_page(
		context,
		"quote_requests",
		quote_requests.request,
		title=_("Quote Request"),
		heading=_("Quote Request {0}"),
		key="request",
	)
