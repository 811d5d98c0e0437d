from frappe import _

from ralom_portal.portal.page import PAGE_SIZE, page_number, paginate, prepare, status_filter
from ralom_portal.portal.queries import offers

no_cache = 1


def get_context(context):
	customers = prepare(context, "offers", title=_("Offers"))
	status = status_filter(context, offers.STATUSES)
	if customers:
		page = page_number()
		rows = offers.list_offers(customers, status, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
		context.offers = paginate(context, rows, page, status=status)
