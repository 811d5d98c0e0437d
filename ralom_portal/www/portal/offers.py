from frappe import _

from ralom_portal.portal.page import prepare, status_filter
from ralom_portal.portal.queries import offers

no_cache = 1


def get_context(context):
	customers = prepare(context, "offers", title=_("Offers"))
	status = status_filter(context, offers.STATUSES)
	if customers:
		context.offers = offers.list_offers(customers, status)
