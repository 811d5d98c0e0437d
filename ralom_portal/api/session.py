"""Session preferences for portal users: the language, and the company they work for now."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.customers import all_customers_for, is_desk_user, remember_active_customer
from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import deny

LANGUAGES = ("ro", "en")


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def set_language(language: str | None = None):
	"""Switch the portal between Romanian and English."""
	if language not in LANGUAGES:
		frappe.throw(_("Unsupported language."), frappe.ValidationError)
	if frappe.session.user == "Guest":
		frappe.local.cookie_manager.set_cookie("preferred_language", language)
	else:
		# Only the user's own language field is touched.
		user = frappe.session.user
		frappe.db.set_value("User", user, "language", language, update_modified=False)
		# Clear after the commit too: a parallel request could re-cache the old language before it.
		frappe.clear_cache(user=user)
		frappe.db.after_commit.add(lambda: _forget_language(user))
	return {"language": language}


def _forget_language(user: str) -> None:
	# The request language comes from the cached User document (frappe.translate.get_user_lang).
	frappe.clear_document_cache("User", user)
	frappe.clear_cache(user=user)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def switch_customer(customer: str | None = None):
	"""Make `customer`, one of the companies the user acts for, the one every page shows (the
	header's company picker, a record's switch offer). Anything else, a missing one included, is
	refused exactly like another client's record, and nothing is written."""
	user = frappe.session.user
	if user == "Guest" or is_desk_user(user) or customer not in all_customers_for(user):
		deny()
	remember_active_customer(customer, user)
	return {"customer": customer}
