"""/portal/register: a guest asks for a client portal account (reviewed by our team)."""

import frappe
from frappe import _

from ralom_portal.registration.validation import LANGUAGES, MAX_LENGTH, ROMANIA

no_cache = 1
# The lean base with the website navbar and footer: a guest's first page, not 346 kB of icon sprites.
base_template_path = "templates/portal/guest_base.html"


def get_context(context):
	if frappe.session.user != "Guest":
		frappe.local.flags.redirect_location = "/portal"
		raise frappe.Redirect
	context.no_cache = 1
	context.show_sidebar = False
	context.title = _("Create an account")
	context.countries = frappe.get_all("Country", pluck="name", order_by="name asc")
	context.default_country = ROMANIA
	context.language = frappe.local.lang if frappe.local.lang in LANGUAGES else "ro"
	context.max_length = MAX_LENGTH
