import frappe
from frappe import _

from ralom_portal.portal.page import not_found, prepare, route_name
from ralom_portal.portal.queries import offers

no_cache = 1


def get_context(context):
	customers = prepare(context, "offers", title=_("Offer"))
	if not customers:
		return
	name = route_name()
	offer = offers.offer(customers, name) if name else None
	if not offer:
		not_found(context)
		return
	context.title = _("Offer {0}").format(offer.name)
	# Staff-written HTML: only a safe subset of tags reaches the page.
	offer.terms_html = frappe.utils.html_utils.clean_html(offer.terms) if offer.terms else ""
	context.offer = offer
