"""Frappe's login page, plus a "Create an account" link to /portal/register.

Frappe's own sign-up is disabled (Website Settings.disable_signup, asserted on install and every
migrate), which also hides its sign-up link; the portal's reviewed registration takes its place.
Everything else is Frappe's page and context, unchanged, on the guest pages' lean base (no ~300 kB of
icon sprites; templates/portal/guest_base.html).
"""

from frappe.www.login import get_context as frappe_login_context

no_cache = True
base_template_path = "templates/portal/guest_base.html"

REGISTER_ROUTE = "/portal/register"


def get_context(context):
	result = frappe_login_context(context)
	context.ralom_register_route = REGISTER_ROUTE
	return result
