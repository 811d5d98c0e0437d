from frappe import _

from ralom_portal.access.customers import within
from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import actions, dashboard, invoices

no_cache = 1


def get_context(context):
	customers = prepare(context, "dashboard", title=_("Dashboard"))
	if customers:
		context.summary = dashboard.summary(customers)
		context.next_due = invoices.next_due(within(customers, "invoices"))
		context.actions = actions.pending(customers)
