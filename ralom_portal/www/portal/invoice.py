from urllib.parse import quote

import frappe
from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import invoices
from ralom_portal.portal.queries.seller import seller

no_cache = 1


def get_context(context):
	invoice = record_page(
		context, "invoices", invoices.invoice, title=_("Invoice"), heading=_("Invoice {0}"), key="invoice"
	)
	if not invoice:
		return
	context.finance_tab = "invoices"
	# Staff-written HTML: only a safe subset of tags reaches the page.
	invoice.terms_html = frappe.utils.html_utils.clean_html(invoice.terms) if invoice.terms else ""
	context.seller = seller(invoice.company)
	context.efactura_url = "/api/method/ralom_portal.api.efactura.download?name=" + quote(
		invoice.name, safe=""
	)
