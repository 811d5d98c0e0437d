"""Website context for portal clients: our sections replace ERPNext's standard portal menu."""

import frappe

from ralom_portal.access.customers import is_desk_user
from ralom_portal.portal.sections import sidebar


def update_website_context(context):
	if frappe.session.user == "Guest" or is_desk_user():
		return
	# ERPNext's portal menu (/quotations, /invoices, /projects …) is replaced by the portal's sections.
	context.sidebar_items = [frappe._dict(title=s["title"], route=s["route"]) for s in sidebar(active="")]
	context.ralom_portal_client = True
