"""Registration (guest → review → approval) and invitations (staff → single-use link), in process.
Over HTTP: `test_registration_http.py`."""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import add_days, now_datetime
from frappe.utils.data import sha256_hash

from ralom_portal.api import invitations as inv_api
from ralom_portal.api import registration as reg_api
from ralom_portal.registration import invitations, requests
from ralom_portal.registration.status import no_access_message, request_status
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.registration_world import (
	PASSWORD,
	_counts,
	_form,
	_guest_accept,
	_guest_register,
	_invite,
	_mails_to,
	_password_key,
	_uid,
	_valid_cui,
)


@pytest.fixture
def ro():
	previous = frappe.local.lang
	frappe.local.lang = "ro"
	yield
	frappe.local.lang = previous


@pytest.fixture
def en():
	previous = frappe.local.lang
	frappe.local.lang = "en"
	yield
	frappe.local.lang = previous


@pytest.fixture
def pending():
	data = _form()
	name = requests.register(data)
	return frappe.get_doc("Portal Access Request", name)


# registration ------------------------------------------------------------------------------------


def test_registration_creates_a_pending_request_and_an_unlinked_website_user(ro):
	data = _form(email="  Maria.Ionescu.%s@Example-Firma.RO " % _uid())
	answer = _guest_register(**data)
	address = data["email"].strip().lower()
	request = frappe.get_doc("Portal Access Request", {"email": address})
	assert request.status == "Pending"
	assert request.user == address and request.language == "ro" and request.consent_given_on
	assert request.tax_id == data["tax_id"] and not request.customer
	user = frappe.get_doc("User", address)
	assert user.user_type == "Website User" and user.enabled
	assert not frappe.db.exists("Portal User", {"user": address})
	assert "Customer" not in frappe.get_roles(address)
	assert "Mulțumim" in answer["message"]
	# One e-mail, in the chosen language, with Frappe's one-time link to set the password.
	mails = _mails_to(address)
	assert len(mails) == 1 and "Confirmați adresa de e-mail" in mails[0][0], mails
	key = _password_key(mails[0][1])
	assert frappe.db.get_value("User", address, "reset_password_key") == sha256_hash(key)


def test_same_answer_for_an_already_registered_email_and_its_owner_is_emailed(factories):
	first = _form()
	answer_new = _guest_register(**first)
	before = _counts()
	mails_before = len(_mails_to(first["email"]))
	again = _form(email=first["email"].upper())  # same address, other case
	answer_again = _guest_register(**again)
	assert answer_again == answer_new
	assert _counts() == before
	mails = _mails_to(first["email"])
	assert len(mails) == mails_before + 1
	# An existing portal client's address gets the same answer too.
	_c, client = factories.client()
	assert _guest_register(**_form(email=client.name)) == answer_new
	assert frappe.db.count("Portal Access Request", {"email": client.name}) == 0
	assert len(_mails_to(client.name)) == 1


def test_known_tax_id_goes_to_review_and_is_never_linked_automatically(factories):
	cui = _valid_cui()
	existing = factories.customer(tax_id="RO" + cui)
	before = frappe.db.count("Customer")
	name = requests.register(_form(tax_id=cui))  # without the RO prefix: still the same company
	request = frappe.get_doc("Portal Access Request", name)
	assert request.status == "Pending"
	assert request.matched_customer == existing.name
	assert not request.customer
	assert frappe.db.count("Customer") == before
	assert not frappe.db.exists("Portal User", {"parent": existing.name, "user": request.user})


def test_foreign_tax_id_needs_no_romanian_check_digit():
	name = requests.register(_form(country="Germany", tax_id="DE123456789"))
	assert frappe.db.get_value("Portal Access Request", name, "tax_id") == "DE123456789"


BAD_INPUT = [
	({"tax_id": "RO12345678"}, "CUI"),  # wrong check digit
	({"tax_id": "12345678"}, "CUI"),
	({"company_name": "<script>alert(1)</script> SRL"}, "HTML"),
	({"full_name": "Ion <b>Pop</b>"}, "HTML"),
	({"phone": "{{ frappe.session }}"}, "HTML"),
	({"email": "Evil <x@y.ro>"}, "doar adresa de e-mail"),
	({"email": '"Evil" x@y.ro'}, "doar adresa de e-mail"),
	({"email": "x@y.ro, z@y.ro"}, "doar adresa de e-mail"),
	({"email": "not-an-email"}, "adresă de e-mail validă"),
	({"consent": "0"}, "termenii"),
	({"consent": None}, "termenii"),
	({"full_name": ""}, "obligatoriu"),
	({"company_name": "X" * 141}, "prea lung"),
	({"phone": "abc"}, "telefon"),
	({"language": "fr"}, "română sau engleză"),
	({"country": "Atlantis"}, "țară"),
]


@pytest.mark.parametrize("override,message", BAD_INPUT)
def test_bad_input_is_refused_with_a_translated_error_and_nothing_written(ro, override, message):
	before = _counts()
	with pytest.raises(frappe.ValidationError) as exc:
		_guest_register(**_form(**override))
	assert message.lower() in str(exc.value).lower(), str(exc.value)
	assert _counts() == before


def test_honeypot_answers_the_same_and_writes_nothing():
	before = _counts()
	answer = _guest_register(**_form(), website="http://spam.example")
	assert answer == reg_api._answer()
	assert _counts() == before


# review --------------------------------------------------------------------------------------------


def test_matches_show_same_tax_id_similar_name_and_same_email_domain(factories):
	uid = _uid()
	cui = _valid_cui()
	by_tax = factories.customer(f"Alt Nume {uid} SRL", tax_id=cui)
	by_name = factories.customer(f"Termoinstal{uid} Grup SRL")
	by_domain = factories.customer(f"Domeniu {uid} SA")
	factories.portal_user(by_domain.name, email=f"contabil@termo{uid}.ro")
	name = requests.register(
		_form(company_name=f"Termoinstal{uid} SRL", tax_id="RO" + cui, email=f"sef@termo{uid}.ro")
	)
	found = {m["name"]: m["reasons"] for m in reg_api.get_matches(name)}
	assert "tax_id" in found[by_tax.name]
	assert "name" in found[by_name.name]
	assert "email_domain" in found[by_domain.name]
	assert reg_api.get_matches(name)[0]["name"] == by_tax.name


def test_linking_to_an_existing_customer_adds_exactly_one_portal_user_and_no_customer(pending, factories):
	customer = factories.customer()
	before = frappe.db.count("Customer")
	reg_api.approve(pending.name, customer.name)
	assert frappe.db.count("Customer") == before
	rows = frappe.get_all("Portal User", {"parenttype": "Customer", "user": pending.user}, pluck="parent")
	assert rows == [customer.name]
	assert "Customer" in frappe.get_roles(pending.user)
	doc = frappe.get_doc("Portal Access Request", pending.name)
	assert (doc.status, doc.customer, doc.decided_by) == ("Approved", customer.name, "Administrator")
	from ralom_portal.access.customers import customers_for

	assert customers_for(pending.user) == (customer.name,)
	assert request_status(pending.user).status == "Approved" and no_access_message(pending.user) is None
	with pytest.raises(frappe.ValidationError):
		reg_api.approve(pending.name, customer.name)  # decided once
	assert frappe.db.count("Portal User", {"user": pending.user}) == 1


def test_new_customer_is_created_with_the_tax_id_and_the_user_emailed_in_their_language(ro):
	name = requests.register(_form(language="en"))
	request = frappe.get_doc("Portal Access Request", name)
	before = frappe.db.count("Customer")
	customer = reg_api.approve(name)["customer"]
	assert frappe.db.count("Customer") == before + 1
	assert frappe.db.get_value("Customer", customer, ["customer_name", "tax_id"]) == (
		request.company_name,
		request.tax_id,
	)
	assert frappe.db.count("Portal User", {"parent": customer, "user": request.user}) == 1
	subjects = [s for s, _b in _mails_to(request.user)]
	assert "Your client portal account was approved" in subjects


def test_create_new_customer_with_a_known_tax_id_is_refused_with_an_explanation(factories):
	"""Tax IDs are public: a match is shown to staff, never acted on by itself."""
	cui = _valid_cui()
	existing = factories.customer(tax_id=cui)
	name = requests.register(_form(tax_id="RO" + cui))
	assert frappe.db.get_value("Portal Access Request", name, "matched_customer") == existing.name
	before = frappe.db.count("Customer")
	with pytest.raises(frappe.ValidationError, match="tax ID"):
		reg_api.approve(name)
	assert frappe.db.count("Customer") == before
	user = frappe.db.get_value("Portal Access Request", name, "user")
	assert not frappe.db.count("Portal User", {"parent": existing.name, "user": user})
	assert frappe.db.get_value("Portal Access Request", name, "status") == "Pending"


def test_linking_to_an_existing_customer_tells_its_current_portal_users(factories):
	cui = _valid_cui()
	existing, current = factories.client()
	frappe.db.set_value("Customer", existing.name, "tax_id", cui)
	name = requests.register(_form(tax_id="RO" + cui))
	newcomer = frappe.db.get_value("Portal Access Request", name, "user")
	assert reg_api.approve(name, existing.name)["customer"] == existing.name
	subjects = [s for s, _b in _mails_to(current.name)]
	assert any("was given access" in s or "a primit acces" in s for s in subjects), subjects
	bodies = " ".join(b for _s, b in _mails_to(current.name))
	assert newcomer in bodies
	assert not any("was given access" in s for s, _b in _mails_to(newcomer))


def test_rejection_records_the_reason_and_emails_the_user_in_romanian(pending):
	with pytest.raises(frappe.ValidationError):
		reg_api.reject(pending.name, "")
	reg_api.reject(pending.name, "Nu am putut verifica firma.")
	doc = frappe.get_doc("Portal Access Request", pending.name)
	assert doc.status == "Rejected" and doc.rejection_reason == "Nu am putut verifica firma."
	assert doc.decided_by == "Administrator" and doc.decided_on
	assert not frappe.db.exists("Portal User", {"user": pending.user})
	mails = _mails_to(pending.user)
	assert any("nu a fost aprobată" in s for s, _b in mails), [s for s, _b in mails]
	assert any("Nu am putut verifica firma." in b for _s, b in mails)
	assert "Nu am putut verifica firma." in no_access_message(pending.user)


def test_only_approvers_may_review_or_invite(pending, factories):
	customer = factories.customer()
	_c, client = factories.client()
	sales_user = factories.staff_user(("Sales User",))
	for user in (client.name, sales_user.name, pending.user):
		as_user(user)
		for call in (
			lambda: reg_api.get_matches(pending.name),
			lambda: reg_api.approve(pending.name, customer.name),
			lambda: reg_api.reject(pending.name, "x"),
			lambda: inv_api.invite(customer.name, f"x{_uid()}@example.ro"),
		):
			with pytest.raises(frappe.PermissionError):
				call()
	as_user("Administrator")
	assert frappe.db.get_value("Portal Access Request", pending.name, "status") == "Pending"
	# The role named in Client Portal Settings may decide too.
	frappe.db.set_single_value("Client Portal Settings", "registration_approver_role", "Sales User")
	as_user(sales_user.name)
	reg_api.approve(pending.name, customer.name)
	as_user("Administrator")
	assert frappe.db.get_value("Portal Access Request", pending.name, "status") == "Approved"


def test_pending_registrant_sees_the_request_status(ro, pending):
	message = no_access_message(pending.user)
	assert pending.company_name in message and "așteaptă aprobarea" in message


def test_install_keeps_frappe_signup_closed():
	from ralom_portal.setup.install import apply

	frappe.db.set_single_value("Website Settings", "disable_signup", 0)
	apply()
	assert frappe.db.get_single_value("Website Settings", "disable_signup") == 1


def test_demo_has_one_pending_and_one_rejected_request(demo_data):
	from ralom_portal.demo.loader import _registration_requests

	_registration_requests()  # idempotent
	assert (
		frappe.db.get_value("Portal Access Request", {"email": "cerere.noua@electro-nord.ro"}, "status")
		== "Pending"
	)
	assert (
		frappe.db.get_value("Portal Access Request", {"email": "cerere.respinsa@exemplu.ro"}, "status")
		== "Rejected"
	)
	assert (
		frappe.db.count(
			"Portal Access Request",
			{"email": ("in", ["cerere.noua@electro-nord.ro", "cerere.respinsa@exemplu.ro"])},
		)
		== 2
	)


# invitations -------------------------------------------------------------------------------------


def test_invitation_stores_only_a_hash_and_emails_the_link(factories):
	customer = factories.customer()
	name, token = _invite(customer.name, first_name="Ana")
	doc = frappe.get_doc("Portal Invitation", name)
	assert doc.status == "Pending" and doc.invited_by == "Administrator"
	assert doc.token_hash == invitations.token_hash(token) and token not in json.dumps(
		doc.as_dict(), default=str
	)
	assert 6 <= (doc.expires_on - now_datetime()).days <= 7
	assert any(token in body for _s, body in _mails_to(doc.email))


def test_accepting_an_invitation_creates_a_linked_user_once(en, factories):
	customer = factories.customer()
	name, token = _invite(customer.name, first_name="Ana")
	address = frappe.db.get_value("Portal Invitation", name, "email")
	user = invitations.accept(token, PASSWORD)
	assert user == address
	assert frappe.db.get_value("User", user, "user_type") == "Website User"
	assert frappe.get_all("Portal User", {"user": user}, pluck="parent") == [customer.name]
	assert frappe.db.get_value("Portal Invitation", name, "status") == "Accepted"
	from frappe.utils.password import check_password

	assert check_password(user, PASSWORD)
	before = _counts()
	with pytest.raises(frappe.ValidationError, match="already used"):
		invitations.accept(token, PASSWORD + "2")
	assert _counts() == before


def test_invitation_reuses_an_existing_website_user(factories):
	a, b = factories.customer(), factories.customer()
	_c, client = factories.client()
	frappe.get_doc("Customer", _c.name)  # client acts for _c already
	_name, token = _invite(b.name, client.name)
	users_before = frappe.db.count("User")
	invitations.accept(token, PASSWORD)
	assert frappe.db.count("User") == users_before
	assert sorted(frappe.get_all("Portal User", {"user": client.name}, pluck="parent")) == sorted(
		[_c.name, b.name]
	)
	assert a.name not in frappe.get_all("Portal User", {"user": client.name}, pluck="parent")


def test_expired_revoked_and_tampered_invitations_are_refused(ro, factories):
	customer = factories.customer()
	expired, expired_token = _invite(customer.name)
	frappe.db.set_value("Portal Invitation", expired, "expires_on", add_days(now_datetime(), -1))
	revoked, revoked_token = _invite(customer.name)
	inv_api.revoke(revoked)
	_ok, good_token = _invite(customer.name)
	before = _counts()
	cases = [
		(expired_token, "expirat"),
		(revoked_token, "revocată"),
		(good_token[:-2] + ("AA" if not good_token.endswith("AA") else "BB"), "nu este valid"),
		("short", "nu este valid"),
		(None, "nu este valid"),
	]
	for token, message in cases:
		with pytest.raises(frappe.ValidationError) as exc:
			_guest_accept(token, PASSWORD)
		assert message in str(exc.value), (token, str(exc.value))
	assert _counts() == before
	with pytest.raises(frappe.ValidationError, match="Doar o invitație în așteptare"):
		inv_api.revoke(revoked)


def test_a_new_invitation_replaces_the_open_one(factories):
	customer = factories.customer()
	address = f"dublu.{_uid()}@example.ro"
	first, first_token = _invite(customer.name, address)
	_second, second_token = _invite(customer.name, address)
	assert frappe.db.get_value("Portal Invitation", first, "status") == "Revoked"
	with pytest.raises(frappe.ValidationError):
		invitations.accept(first_token, PASSWORD)
	assert invitations.accept(second_token, PASSWORD) == address


def test_staff_accounts_and_already_linked_users_cannot_be_invited(factories):
	customer, client = factories.client()
	staff = factories.staff_user()
	for address in (staff.name, client.name):
		with pytest.raises(frappe.ValidationError):
			inv_api.invite(customer.name, address)
	with pytest.raises(frappe.ValidationError):
		inv_api.invite(customer.name, "Evil <x@y.ro>")
