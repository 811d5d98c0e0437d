import frappe
from frappe import _

from ralom_portal.portal import preferences
from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import notifications

no_cache = 1


def get_context(context):
	customers = prepare(context, "notifications", title=_("Notifications"))
	if customers:
		context.events = notifications.recent(customers, frappe.session.user, limit=100)
		context.preferences = preferences.get(frappe.session.user)
		context.event_labels = preferences.event_labels()
		context.frequencies = preferences.FREQUENCIES
