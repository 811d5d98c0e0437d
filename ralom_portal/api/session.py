"""Session preferences for portal users."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

LANGUAGES = ("ro", "en")


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def set_language(language: str):
	"""Switch the portal between Romanian and English."""
	if language not in LANGUAGES:
		frappe.throw(_("Unsupported language."), frappe.ValidationError)
	if frappe.session.user == "Guest":
		frappe.local.cookie_manager.set_cookie("preferred_language", language)
	else:
		# Only the user's own language field is touched.
		frappe.db.set_value("User", frappe.session.user, "language", language, update_modified=False)
		frappe.clear_cache(user=frappe.session.user)
	return {"language": language}
