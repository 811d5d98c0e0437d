"""The language switch: remembered per user, and a language the portal does not offer is refused with a
message (nothing changes)."""

import frappe
import pytest

from ralom_portal.api import session
from ralom_portal.tests.factories import as_user
from ralom_portal.utils.mail import in_language


def test_the_language_choice_is_remembered_per_user(factories):
	_customer, user = factories.client()
	_other_customer, other = factories.client()
	frappe.db.set_value("User", other.name, "language", "ro")
	as_user(user.name)
	try:
		assert session.set_language("en") == {"language": "en"}
	finally:
		as_user("Administrator")
	assert frappe.db.get_value("User", user.name, "language") == "en"
	assert frappe.db.get_value("User", other.name, "language") == "ro"


def test_a_language_the_portal_does_not_offer_is_refused_with_a_message(factories):
	_customer, user = factories.client()
	frappe.db.set_value("User", user.name, "language", "ro")
	as_user(user.name)
	try:
		with in_language("ro"):
			for code in ("de", "ro'--", "", "x" * 200):
				with pytest.raises(frappe.ValidationError) as error:
					session.set_language(code)
				assert "Limbă neacceptată." in str(error.value)
	finally:
		as_user("Administrator")
	assert frappe.db.get_value("User", user.name, "language") == "ro"
