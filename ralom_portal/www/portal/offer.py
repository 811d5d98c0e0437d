import frappe
from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import offers

no_cache = 1


def get_context(context):
	offer = record_page(
		context, "offers", offers.offer, title=_("Offer"), heading=_("Offer {0}"), key="offer"
	)
	if offer:
		# Staff-written HTML: only a safe subset of tags reaches the page.
		offer.terms_html = frappe.utils.html_utils.clean_html(offer.terms) if offer.terms else ""
