from urllib.parse import urlencode

import frappe
from frappe import _

from ralom_portal.portal.finance_page import prepare_tab, set_pager
from ralom_portal.portal.queries.seller import seller
from ralom_portal.portal.statement_page import statement_for

no_cache = 1


def get_context(context):
	customers = prepare_tab(context, "statement", _("Statement of account"))
	if not customers:
		return
	data, context.notices = statement_for(customers, frappe.form_dict, paged=True)
	context.statement = data
	# The shared pager, keeping the period and the currency and the page size.
	context.pager_params = {
		"from": data["start"],
		"to": data["end"],
		"currency": data["currency"],
		"page_size": data["page_size"],
	}
	set_pager(context, {"page": data["page"], "pages": data["pages"]})
	context.seller = seller()
	query = {"from": data["start"], "to": data["end"], "currency": data["currency"] or ""}
	base = "/api/method/ralom_portal.api.invoices.statement_pdf?" + urlencode(query)
	context.pdf_urls = {"ro": base + "&lang=ro", "en": base + "&lang=en"}
