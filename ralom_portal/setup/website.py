"""The guest pages (login, password reset, registration) carry the company, not Frappe or ERPNext.

Frappe titles its login page "Login to {app_name}" with Frappe's logo, and ERPNext's footer offers a
newsletter box (whose endpoint the portal's gate refuses) and "Powered by ERPNext". A client sees
these before anything else. The company's name and logo fill what the administrator left empty;
what they set themselves in Website Settings is kept.
"""

import frappe


def brand_website() -> None:
	company = frappe.db.get_single_value("Global Defaults", "default_company")
	if not company or not frappe.db.exists("Company", company):
		return
	name, logo = frappe.db.get_value("Company", company, ["company_name", "company_logo"])
	settings = frappe.get_single("Website Settings")
	values = {"hide_footer_signup": 1}
	# "Frappe" is the field's default, not an administrator's choice.
	if not settings.app_name or settings.app_name in ("Frappe", "ERPNext"):
		values["app_name"] = name
	if not settings.footer_powered:
		values["footer_powered"] = name
	if not settings.app_logo and logo:
		values["app_logo"] = logo
	changed = any(settings.get(k) != v for k, v in values.items())
	if changed:
		frappe.db.set_single_value("Website Settings", values)
	# The login page takes its logo from Navbar Settings (the desk's logo too): the company's, not ERPNext's.
	if logo and not frappe.db.get_single_value("Navbar Settings", "app_logo"):
		frappe.db.set_single_value("Navbar Settings", "app_logo", logo)
		changed = True
	if changed:
		frappe.clear_cache()
