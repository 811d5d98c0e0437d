import frappe
from frappe import _

from ralom_portal.portal.finance_page import list_filters, prepare_tab, set_pager
from ralom_portal.portal.queries import invoices, params

no_cache = 1


def get_context(context):
	customers = prepare_tab(context, "invoices", _("Invoices"))
	if not customers:
		return
	context.status_options = invoices.STATUSES
	filters = list_filters(context, statuses=invoices.STATUSES)
	# The e-Factura filter (Netrimisă / În prelucrare / Validată / Respinsă), kept in the pager's links.
	efactura = params.choice(
		frappe.form_dict.get("efactura"), invoices.EFACTURA_STATUSES, context.notices, _("e-Factura")
	)
	context.efactura_options = invoices.EFACTURA_STATUSES
	context.filters.efactura = efactura or ""
	context.pager_params["efactura"] = efactura
	context.archive_url = "/api/method/ralom_portal.api.efactura.archive"
	set_pager(context, invoices.invoice_list(customers, **filters, efactura=efactura))
