"""A client administrator's invitations over HTTP (issue 27), against the served test site: the form
strings the team page sends, POST only, a refusal in Romanian with nothing written, and the invitation
link that makes no session for a client with two-factor sign-in (the third way around the code)."""

import frappe
import pytest

from ralom_portal.tests import factories
from ralom_portal.tests.api_contract import messages
from ralom_portal.tests.registration_world import invitation_token
from ralom_portal.tests.team_world import administered_customer
from ralom_portal.tests.two_factor_world import two_factor_on

pytestmark = pytest.mark.http

PASSWORD = "Echipa#Test2026"
INVITE = "/api/method/ralom_portal.api.team.invite"
RO = {"Accept-Language": "ro-RO,ro;q=0.9"}


@pytest.fixture(scope="module")
def team(server):
	"""A committed customer with a logged-in administrator (`team_world`)."""
	with administered_customer("inv-admin", PASSWORD) as team:
		team.client = server.client(team.admin, PASSWORD)
		team.client.open_portal()
		yield team


def _address():
	return f"{factories.unique('coleg-http').lower()}@example.ro"


def test_the_team_page_invites_with_form_strings_and_lists_the_invitation(team):
	address = _address()
	r = team.client.post(
		INVITE,
		data={
			"customer": team.customer,
			"email": address,
			"first_name": "Ioana",
			"role": "Member",
			"sections": '["projects"]',
			"cmd": "ralom_portal.api.team.invite",
		},
	)
	assert r.status_code == 200, r.text[:300]
	assert r.json()["message"]["status"] == "Pending"
	page = team.client.get("/portal/team", headers=RO)
	assert page.status_code == 200
	assert address in page.text and "Invitații încă neacceptate" in page.text


def test_an_invitation_is_refused_over_get_and_without_the_csrf_token(team):
	before = frappe.db.count("Portal Invitation", {"customer": team.customer})
	args = {"customer": team.customer, "email": _address(), "role": "Member", "sections": "[]"}
	assert team.client.get(INVITE, params=args).status_code in (403, 405)
	r = team.client.post(INVITE, data=args, headers={"X-Frappe-CSRF-Token": "wrong"})
	assert r.status_code in (400, 403)
	frappe.db.rollback()
	assert frappe.db.count("Portal Invitation", {"customer": team.customer}) == before


def test_a_refused_invitation_answers_in_romanian_and_writes_nothing(team):
	before = frappe.db.count("Portal Invitation", {"customer": team.customer})
	r = team.client.post(
		INVITE,
		data={"customer": team.customer, "email": _address(), "role": "Member", "sections": '["x"]'},
		headers=RO,
	)
	assert r.status_code == 417, r.text[:300]
	assert messages(r) == ["O secțiune aleasă nu există."]
	frappe.db.rollback()
	assert frappe.db.count("Portal Invitation", {"customer": team.customer}) == before


def test_an_invitation_sets_the_password_but_does_not_sign_in_a_client_with_two_factor(server, team):
	address = _address()
	r = team.client.post(
		INVITE, data={"customer": team.customer, "email": address, "role": "Member", "sections": "[]"}
	)
	assert r.status_code == 200, r.text[:300]
	frappe.db.rollback()
	token = invitation_token(address)
	with two_factor_on("Email"):
		guest = server.client()
		r = guest.post(
			"/api/method/ralom_portal.api.invitations.accept",
			data={"token": token, "password": "Alt4#Parola-Noua2026"},
			headers=RO,
		)
		assert r.status_code == 200, r.text[:300]
		assert r.json()["message"] == {"redirect": "/login"}
		assert guest.get("/api/method/frappe.auth.get_logged_user").json().get("message") in (None, "Guest")
		# The password is set; signing in with it asks for the code.
		r = guest.post("/api/method/login", data={"usr": address, "pwd": "Alt4#Parola-Noua2026"}, headers=RO)
		assert r.status_code == 200 and r.json()["verification"]["method"] == "Email", r.text[:500]
