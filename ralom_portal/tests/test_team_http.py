"""The team page over HTTP (issue 27), against the served test site: a client administrator widens a
member's sections with the session's CSRF token and the member's next request sees them; a member
gets the page's one not-found answer for /portal/team."""

import json

import frappe
import pytest

from ralom_portal.access.customers import ADMINISTRATOR
from ralom_portal.demo import builders
from ralom_portal.tests import factories

PASSWORD = "Team#Test2026"


@pytest.fixture(scope="module")
def team(server):
	"""A committed customer with an administrator and a member who sees only projects, logged in."""
	frappe.set_user("Administrator")
	customer = factories.customer().name
	admin, member = (f"{factories.unique(k).lower()}@example.ro" for k in ("team-admin", "team-member"))
	builders.make_portal_user(admin, customer, first_name="Ana", last_name="Admin", password=PASSWORD)
	builders.make_portal_user(member, customer, first_name="Mihai", last_name="Membru", password=PASSWORD)
	factories.set_membership(customer, admin, [], ADMINISTRATOR)
	factories.set_membership(customer, member, ["projects"])
	frappe.db.commit()
	clients = {u: server.client(u, PASSWORD) for u in (admin, member)}
	for c in clients.values():
		c.open_portal()
	yield frappe._dict(customer=customer, admin=admin, member=member, clients=clients)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for user in (admin, member):
		builders.unlink_portal_user(customer, user)
	frappe.db.delete("Comment", {"reference_doctype": "Customer", "reference_name": customer})
	frappe.db.commit()


def test_an_administrator_widens_a_members_sections_and_the_member_sees_them(team):
	admin, member = team.clients[team.admin], team.clients[team.member]
	assert member.get("/portal/invoices").status_code == 403

	page = admin.get("/portal/team")
	assert page.status_code == 200, page.text[:300]
	assert team.member in page.text and 'data-portal-page="team"' in page.text

	r = admin.post(
		"/api/method/ralom_portal.api.team.set_membership",
		data={
			"customer": team.customer,
			"user": team.member,
			"role": "Member",
			"sections": json.dumps(["projects", "invoices"]),
		},
	)
	assert r.status_code == 200, r.text[:300]
	assert member.get("/portal/invoices").status_code == 200
	# The change is in the team's log on the page.
	assert "data-team-log" in admin.get("/portal/team").text


def test_the_write_needs_the_csrf_token(team):
	admin = team.clients[team.admin]
	r = admin.post(
		"/api/method/ralom_portal.api.team.set_membership",
		data={"customer": team.customer, "user": team.member, "role": "Member", "sections": "[]"},
		headers={"X-Frappe-CSRF-Token": "wrong"},
	)
	assert r.status_code in (400, 403)
	frappe.db.rollback()
	stored = frappe.db.get_value(
		"Portal User", {"parent": team.customer, "user": team.member}, "ralom_sections"
	)
	assert stored and stored != "none"


def test_a_member_gets_the_one_not_found_answer_for_the_team_page(team):
	r = team.clients[team.member].get("/portal/team")
	assert r.status_code == 403
	# The page's one answer for a record that is not the user's (rendered in the user's Romanian).
	assert "ralom-denied" in r.text
	assert team.admin not in r.text
	# Only an administrator's menu links the team page.
	assert 'data-link="team"' not in team.clients[team.member].get("/portal").text
	assert 'data-link="team"' in team.clients[team.admin].get("/portal").text
