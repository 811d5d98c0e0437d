"""Registration and invitations over HTTP, against the served site."""

from __future__ import annotations

import json
import time

import frappe
import pytest

from ralom_portal.api import registration as reg_api
from ralom_portal.tests.factories import committed_outbox
from ralom_portal.tests.registration_world import PASSWORD, _form, _invite, _mails_to, _password_key, _uid

http = pytest.mark.http


@pytest.fixture(scope="module")
def outbox(frappe_site):
	"""A default outgoing Email Account for the server process (`factories.committed_outbox`)."""
	created = committed_outbox("Ralom Registration Test Outbox", "portal-test@ralom.ro")
	yield
	if created:
		frappe.db.rollback()
		frappe.delete_doc("Email Account", created, force=True, ignore_permissions=True)
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
