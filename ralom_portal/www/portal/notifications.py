import frappe
from frappe import _

from ralom_portal import sections
from ralom_portal.access.customers import granted_sections
from ralom_portal.portal import preferences
from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import notifications

no_cache = 1


def get_context(context):
	customers = prepare(context, "notifications", title=_("Notifications"))
	if customers:
		context.events = notifications.recent(customers, frappe.session.user, limit=100)
		context.preferences = preferences.get(frappe.session.user)
		# Only the events of sections the user may see can be chosen (the bell shows no others).
		granted = granted_sections(frappe.session.user)
		context.event_labels = {
			kind: label
			for kind, label in preferences.event_labels().items()
			if sections.bell_of(kind)[0]["key"] in granted
		}
		context.frequencies = preferences.FREQUENCIES
