"""Registration (guest → review → approval) and invitations (staff → single-use link)."""

from __future__ import annotations

import email as email_lib
import json
import re
import time
import uuid
from email.header import decode_header, make_header

import frappe
import pytest
from frappe.utils import add_days, now_datetime
from frappe.utils.data import sha256_hash

from ralom_portal.api import invitations as inv_api
from ralom_portal.api import registration as reg_api
from ralom_portal.registration import invitations, requests
from ralom_portal.registration.status import no_access_message, request_status
from ralom_portal.tests.factories import as_user
from ralom_portal.utils.cui import is_valid_cui

PASSWORD = "Portal-Parola-2026!x"
DOCTYPES = ("User", "Portal Access Request", "Customer", "Portal Invitation", "Portal User")


# helpers -----------------------------------------------------------------------------------------


def _uid() -> str:
	return uuid.uuid4().hex[:8]


def _valid_cui(seed: int | None = None) -> str:
	"""A fresh Romanian CUI with a correct check digit (no collision with the demo's)."""
	base = str(seed if seed is not None else 10_000_000 + int(uuid.uuid4().int % 89_999_999))[:8]
	for d in range(10):
		if is_valid_cui(base + str(d)):
			return base + str(d)
	return _valid_cui(int(base) + 1)


def _form(**over) -> dict:
	uid = _uid()
	data = {
		"full_name": f"Maria Ionescu {uid}",
		"email": f"reg.{uid}@firma-{uid}.ro",
		"company_name": f"Firma {uid} SRL",
		"tax_id": "RO" + _valid_cui(),
		"phone": "+40 721 234 567",
		"language": "ro",
		"consent": "1",
		"country": "Romania",
	}
	data.update(over)
	return data


def _counts() -> dict[str, int]:
	return {dt: frappe.db.count(dt) for dt in DOCTYPES}


def _mails_to(address: str) -> list[tuple[str, str]]:
	"""(subject, text) of the queued e-mails to `address`."""
	names = frappe.get_all("Email Queue Recipient", {"recipient": address}, pluck="parent")
	out = []
	for name in names:
		raw = frappe.db.get_value("Email Queue", name, "message") or ""
		msg = email_lib.message_from_string(raw)
		subject = str(make_header(decode_header(msg.get("Subject", ""))))
		body = ""
		for part in msg.walk():
			if part.get_content_maintype() == "text":
				payload = part.get_payload(decode=True)
				if payload:
					body += payload.decode(part.get_content_charset() or "utf-8", "replace")
		out.append((subject, body))
	return out


def _guest_register(**data):
	"""The guest endpoint, called in-process as a guest (the rate limit applies to HTTP only)."""
	frappe.set_user("Guest")
	try:
		return reg_api.register(**data)
	finally:
		frappe.set_user("Administrator")


def _guest_accept(token, password):
	frappe.set_user("Guest")
	try:
		return inv_api.accept(token, password)
	finally:
		frappe.set_user("Administrator")


def _password_key(body: str) -> str:
	match = re.search(r"/update-password\?key=([A-Za-z0-9]+)", body)
	assert match, body
	return match.group(1)


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


def _invite(customer: str, address: str | None = None, **kw) -> tuple[str, str]:
	"""Invite through the staff API; the token is read from the link in the queued e-mail, as the
	invitee gets it."""
	address = address or f"invitat.{_uid()}@example.ro"
	name = inv_api.invite(customer, address, **kw)["name"]
	newest = frappe.get_all(
		"Email Queue Recipient", {"recipient": address}, pluck="parent", order_by="creation desc", limit=1
	)
	raw = frappe.db.get_value("Email Queue", newest[0], "message") if newest else ""
	body = "".join(
		(part.get_payload(decode=True) or b"").decode(part.get_content_charset() or "utf-8", "replace")
		for part in email_lib.message_from_string(raw or "").walk()
		if part.get_content_maintype() == "text"
	)
	token = re.search(r"accept-invitation\?token=([A-Za-z0-9_-]+)", body)
	assert token, "the invitation e-mail carries the link"
	return name, token.group(1)


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


# over HTTP ---------------------------------------------------------------------------------------

http = pytest.mark.http


@pytest.fixture(scope="module")
def outbox(frappe_site):
	"""A default outgoing Email Account for the server process (the test site has none, and Frappe
	refuses to queue mail without one unless e-mails are muted, as they are in-process only).
	Nothing is sent: no worker flushes the queue of the test site."""
	name = "Ralom Registration Test Outbox"
	created = False
	if not frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": "portal-test@ralom.ro",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"enable_incoming": 0,
				"smtp_server": "localhost",
				"smtp_port": "2525",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		created = True
	yield
	if created:
		frappe.db.rollback()
		frappe.delete_doc("Email Account", name, force=True, ignore_permissions=True)
		frappe.db.commit()


@pytest.fixture
def fresh_rate_limits(outbox):
	frappe.cache.delete_keys("rl:ralom_portal.api.")
	yield
	frappe.cache.delete_keys("rl:ralom_portal.api.")


@pytest.fixture
def purge():
	"""Committed records made through the server, deleted (and committed) after the test."""
	emails: list[str] = []
	customers: list[str] = []
	yield emails, customers
	for attempt in range(4):  # other test runs may share the site: retry on lock conflicts
		try:
			_purge(emails, customers)
			return
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			if attempt == 3:
				raise
			time.sleep(2)


def _purge(emails: list[str], customers: list[str]) -> None:
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for address in emails:
		for name in frappe.get_all("Portal Access Request", {"email": address}, pluck="name"):
			frappe.delete_doc("Portal Access Request", name, force=True, ignore_permissions=True)
		for name in frappe.get_all("Portal Invitation", {"email": address}, pluck="name"):
			frappe.delete_doc("Portal Invitation", name, force=True, ignore_permissions=True)
		frappe.db.delete("Portal User", {"user": address})
		for name in frappe.get_all("Contact", {"email_id": address}, pluck="name"):
			frappe.delete_doc("Contact", name, force=True, ignore_permissions=True)
		if frappe.db.exists("User", address):
			frappe.delete_doc("User", address, force=True, ignore_permissions=True)
	for name in customers:
		if frappe.db.exists("Customer", name):
			frappe.delete_doc("Customer", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def _nothing_written_for(data: dict) -> None:
	"""Over HTTP other runs may commit meanwhile, so look for this submission's own traces."""
	assert not frappe.db.exists("User", data["email"].lower())
	assert not frappe.db.exists("Portal Access Request", {"email": data["email"].lower()})
	assert not frappe.db.exists("Customer", {"customer_name": data["company_name"]})


def _error(r) -> str:
	data = r.json()
	if data.get("_server_messages"):
		return " ".join(json.loads(m).get("message", "") for m in json.loads(data["_server_messages"]))
	return data.get("message") or data.get("exception") or ""


@http
def test_register_then_approve_and_the_first_portal_page_shows_the_company(server, fresh_rate_limits, purge):
	data = _form()
	purge[0].append(data["email"])
	r = server.client().post("/api/method/ralom_portal.api.registration.register", data=data)
	assert r.status_code == 200, r.text
	frappe.db.rollback()
	name = frappe.db.get_value("Portal Access Request", {"email": data["email"]})
	assert name
	customer = reg_api.approve(name)["customer"]
	purge[1].append(customer)
	from frappe.utils.password import update_password

	update_password(data["email"], PASSWORD)  # what the welcome mail's link lets the user do
	frappe.db.commit()
	r = server.client(data["email"], PASSWORD).get("/portal")
	assert r.status_code == 200
	assert data["company_name"] in r.text


@http
def test_unapproved_user_gets_403_on_the_portal_and_its_api_with_the_request_status(
	server, fresh_rate_limits, purge
):
	data = _form(language="en")
	purge[0].append(data["email"])
	c = server.client()
	r = c.post("/api/method/ralom_portal.api.registration.register", data=data)
	assert r.status_code == 200, r.text
	frappe.db.rollback()
	# The registrant follows the link in the e-mail and sets a password with Frappe's own page.
	((subject, body),) = _mails_to(data["email"])
	assert subject == "Confirm your e-mail and set your password"
	r = c.post(
		"/api/method/frappe.core.doctype.user.user.update_password",
		data={"new_password": PASSWORD, "key": _password_key(body), "logout_all_sessions": 0},
	)
	assert r.status_code == 200, r.text
	assert r.json()["message"] == "/portal"
	r = c.open_portal()
	assert r.status_code == 403
	assert "awaiting approval" in r.text and data["company_name"] in r.text
	project = frappe.db.get_value("Project", {}, "name")
	r = c.get("/api/method/ralom_portal.api.projects.gantt", params={"project": project})
	assert r.status_code == 403


@http
def test_same_http_answer_for_new_and_registered_emails(server, fresh_rate_limits, purge, demo_logins):
	data = _form()
	purge[0].append(data["email"])
	guest = server.client()
	new = guest.post("/api/method/ralom_portal.api.registration.register", data=data)
	known_email = next(iter(demo_logins[0].values()))[0]
	known = guest.post(
		"/api/method/ralom_portal.api.registration.register", data=_form(email=known_email.upper())
	)
	assert (new.status_code, new.json()) == (known.status_code, known.json())


@http
def test_bad_input_over_http_is_a_clear_error_and_writes_nothing(server, fresh_rate_limits):
	data = _form(company_name="<img src=x onerror=alert(1)>")
	r = server.client().post("/api/method/ralom_portal.api.registration.register", data=data)
	assert r.status_code == 417
	assert "HTML" in _error(r)
	frappe.db.rollback()
	_nothing_written_for(data)


@http
def test_twenty_registrations_in_a_minute_from_one_address_get_429(server, fresh_rate_limits):
	data = _form(consent="0")  # refused by validation whenever it gets that far
	guest = server.client()
	codes = [
		guest.post("/api/method/ralom_portal.api.registration.register", data=data).status_code
		for _ in range(20)
	]
	# At most the limit gets through to validation (417); the rest are refused before it.
	assert codes.count(417) <= 5 and codes.count(429) >= 15 - 5 and set(codes) <= {417, 429}, codes
	frappe.db.rollback()
	_nothing_written_for(data)


@http
def test_register_page_renders_for_guests_and_login_links_to_it(server):
	guest = server.client()
	r = guest.get("/portal/register")
	assert r.status_code == 200
	assert "ralom-register-form" in r.text and 'name="website"' in r.text and 'name="consent"' in r.text
	login = guest.get("/login")
	assert login.status_code == 200
	assert 'href="/portal/register"' in login.text
	# Frappe's own open sign-up stays closed to guests.
	r = guest.post(
		"/api/method/frappe.core.doctype.user.user.sign_up",
		data={"email": f"x{_uid()}@example.ro", "full_name": "X", "redirect_to": "/"},
	)
	assert r.status_code == 403


@http
def test_invitation_accept_signs_in_and_lands_on_the_portal_once(
	server, fresh_rate_limits, purge, demo_logins
):
	customer = next(iter(demo_logins[0]))
	address = f"invitat.{_uid()}@example.ro"
	purge[0].append(address)
	_name, token = _invite(customer, address, first_name="Ana")
	frappe.db.commit()
	guest = server.client()
	page = guest.get("/portal/accept-invitation", params={"token": token})
	assert page.status_code == 200 and address in page.text
	r = guest.post(
		"/api/method/ralom_portal.api.invitations.accept", data={"token": token, "password": PASSWORD}
	)
	assert r.status_code == 200, r.text
	assert r.json()["message"]["redirect"] == "/portal"
	portal = guest.get("/portal")
	assert portal.status_code == 200 and customer in portal.text
	again = server.client().post(
		"/api/method/ralom_portal.api.invitations.accept", data={"token": token, "password": PASSWORD}
	)
	assert again.status_code == 417
	assert "already used" in _error(again) or "deja folosită" in _error(again)
	bad = server.client().get("/portal/accept-invitation", params={"token": token[:-3] + "xyz"})
	assert (
		bad.status_code == 410
		and "ralom-invitation-invalid" in bad.text
		and 'name="password"' not in bad.text
	)
