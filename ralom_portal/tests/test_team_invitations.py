"""A client administrator invites colleagues (issue 27), in process: the invitation carries the role
and sections the colleague gets; staff approval when Client Portal Settings ask for it; each refusal
with its message and nothing written (no invitation, no e-mail, no log entry); withdrawing.

Served: `test_team_invitations_http.py`; the five steps in Chromium: `test_team_invitations_browser.py`.
"""

import frappe
import pytest

from ralom_portal.access import memberships
from ralom_portal.access.customers import ADMINISTRATOR, MEMBER, customers_for
from ralom_portal.api import invitations as staff_api
from ralom_portal.api import team as api
from ralom_portal.registration import invitations
from ralom_portal.tests.factories import as_user, unique
from ralom_portal.tests.registration_world import _mails_to, invitation_token

PASSWORD = "Coleg#Invitat2026"


@pytest.fixture
def team(factories):
	"""Client A with its administrator and a member; client B with its administrator and a person."""
	a, b = factories.customer(), factories.customer()
	return frappe._dict(
		a=a.name,
		b=b.name,
		b_name=b.customer_name,
		admin=factories.make_member(a.name, [], role=ADMINISTRATOR).name,
		member=factories.make_member(a.name, ["projects"]).name,
		b_admin=factories.make_member(b.name, [], role=ADMINISTRATOR).name,
		b_person=factories.make_member(b.name, ["invoices"]).name,
	)


@pytest.fixture
def ro():
	"""Refusals read in Romanian, as a client gets them."""
	previous, frappe.local.lang = frappe.local.lang, "ro"
	yield
	frappe.local.lang = previous


@pytest.fixture
def approval():
	"""Client Portal Settings ask staff to approve the administrators' invitations (rolled back)."""
	frappe.db.set_single_value("Client Portal Settings", "team_invitations_need_approval", 1)
	yield
	# The rollback undoes the value; this connection's cache of single values must forget it too.
	frappe.db.value_cache.pop("Client Portal Settings", None)


def _address():
	return f"{unique('coleg').lower()}@example.ro"


def _state(customer):
	"""What a refused invitation must leave unchanged."""
	return (
		frappe.db.count("Portal Invitation"),
		frappe.db.count("Email Queue"),
		len(memberships.log(customer, limit=1000)),
		frappe.db.count("Portal User", {"parent": customer}),
	)


def test_an_administrator_invites_a_colleague_who_gets_only_the_chosen_sections(team):
	address = _address()
	with as_user(team.admin):
		answer = api.invite(team.a, address, "Ioana", MEMBER, '["projects"]')
	assert answer["status"] == "Pending"
	doc = frappe.get_doc("Portal Invitation", answer["name"])
	assert (doc.customer, doc.role, doc.sections, doc.invited_by) == (team.a, MEMBER, "projects", team.admin)
	# The e-mail names the colleague who invited.
	admin_name = frappe.utils.get_fullname(team.admin)
	assert any(admin_name in body for _s, body in _mails_to(address))

	user = invitations.accept(invitation_token(address), PASSWORD)
	assert customers_for(user, "projects") == (team.a,)
	assert customers_for(user, "invoices") == ()
	assert frappe.db.get_value(
		"Portal User", {"parent": team.a, "user": user}, ["ralom_portal_role", "ralom_sections"]
	) == (MEMBER, "projects")
	log = [e.text for e in memberships.log(team.a)]
	assert any(address in t and "accepted" in t for t in log)
	assert any(address in t and "invited" in t for t in log)


def test_a_member_invited_with_no_section_sees_none_and_an_invited_administrator_sees_all(team):
	none_address, admin_address = _address(), _address()
	with as_user(team.admin):
		api.invite(team.a, none_address, None, MEMBER, "[]")
		api.invite(team.a, admin_address, None, ADMINISTRATOR, '["projects"]')
	nobody = invitations.accept(invitation_token(none_address), PASSWORD)
	admin = invitations.accept(invitation_token(admin_address), PASSWORD)
	assert customers_for(nobody, "projects") == () and customers_for(nobody) == (team.a,)
	assert customers_for(admin, "invoices") == (team.a,)
	assert team.a in customers_for(admin).administered


def test_with_staff_approval_nothing_is_sent_until_staff_approve(team, approval):
	address = _address()
	with as_user(team.admin):
		answer = api.invite(team.a, address, None, MEMBER, '["invoices"]')
	assert answer["status"] == invitations.AWAITING_APPROVAL
	doc = frappe.get_doc("Portal Invitation", answer["name"])
	assert doc.status == invitations.AWAITING_APPROVAL and not doc.token_hash
	assert _mails_to(address) == []
	assert any("RALOM" in e.text for e in memberships.log(team.a))

	# The administrator cannot approve it: only staff can.
	with as_user(team.admin), pytest.raises(frappe.PermissionError):
		staff_api.approve(answer["name"])
	staff_api.approve(answer["name"])
	doc.reload()
	assert (doc.status, doc.approved_by) == ("Pending", "Administrator")
	user = invitations.accept(invitation_token(address), PASSWORD)
	assert customers_for(user, "invoices") == (team.a,)
	# Approving twice is refused.
	with pytest.raises(frappe.ValidationError, match="awaiting approval"):
		staff_api.approve(answer["name"])


@pytest.mark.parametrize(
	"case",
	["member_invites", "other_customer", "unknown_section", "unknown_role", "script_in_name", "bad_email"],
)
def test_a_refused_invitation_writes_nothing(team, case, ro):
	address = _address()
	calls = {
		"member_invites": (team.member, (team.a, address, None, MEMBER, "[]"), frappe.PermissionError, None),
		"other_customer": (team.admin, (team.b, address, None, MEMBER, "[]"), frappe.PermissionError, None),
		"unknown_section": (
			team.admin,
			(team.a, address, None, MEMBER, '["salaries"]'),
			frappe.ValidationError,
			"nu există",
		),
		"unknown_role": (team.admin, (team.a, address, None, "Owner", "[]"), frappe.ValidationError, "rol"),
		"script_in_name": (
			team.admin,
			(team.a, address, "<script>alert(1)</script>", MEMBER, "[]"),
			frappe.ValidationError,
			None,
		),
		"bad_email": (team.admin, (team.a, "nu-e-adresa", None, MEMBER, "[]"), frappe.ValidationError, None),
	}
	actor, args, exc, message = calls[case]
	before = _state(team.a)
	with as_user(actor), pytest.raises(exc) as info:
		api.invite(*args)
	if message:
		assert message in str(info.value)
	assert _state(team.a) == before


@pytest.mark.parametrize("who", ["b_person", "b_admin", "staff"])
def test_an_address_of_another_customer_or_of_staff_cannot_be_invited_and_the_customer_is_not_named(
	team, who, ro, factories
):
	address = team[who] if who != "staff" else factories.staff_user().name
	before = _state(team.a)
	with as_user(team.admin), pytest.raises(frappe.ValidationError) as info:
		api.invite(team.a, address, None, MEMBER, "[]")
	message = str(info.value)
	assert "nu poate fi invitată" in message
	assert team.b not in message and team.b_name not in message
	assert _state(team.a) == before


def test_a_colleague_already_in_the_company_is_refused(team, ro):
	before = _state(team.a)
	with as_user(team.admin), pytest.raises(frappe.ValidationError, match="are deja acces"):
		api.invite(team.a, team.member, None, MEMBER, "[]")
	assert _state(team.a) == before


def test_an_administrator_withdraws_an_invitation_and_its_link_stops_working(team):
	address = _address()
	with as_user(team.admin):
		name = api.invite(team.a, address, None, MEMBER, '["projects"]')["name"]
		assert api.revoke_invitation(team.a, name) == {"status": "Revoked"}
	token = invitation_token(address)
	with pytest.raises(frappe.ValidationError, match="revoked"):
		invitations.accept(token, PASSWORD)
	# Withdrawing it again is refused, with a message.
	with as_user(team.admin), pytest.raises(frappe.ValidationError, match="pending"):
		api.revoke_invitation(team.a, name)


def test_another_customers_invitation_cannot_be_withdrawn(team):
	with as_user(team.b_admin):
		name = api.invite(team.b, _address(), None, MEMBER, "[]")["name"]
	with as_user(team.admin), pytest.raises(frappe.PermissionError):
		api.revoke_invitation(team.a, name)
	with as_user(team.admin), pytest.raises(frappe.PermissionError):
		api.revoke_invitation(team.b, name)
	assert frappe.db.get_value("Portal Invitation", name, "status") == "Pending"


def test_staff_invitations_still_make_an_administrator(factories):
	"""What a staff invitation always meant: the person administers the customer."""
	customer = factories.customer().name
	address = _address()
	staff_api.invite(customer, address)
	user = invitations.accept(invitation_token(address), PASSWORD)
	assert customer in customers_for(user).administered
