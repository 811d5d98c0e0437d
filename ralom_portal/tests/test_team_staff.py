"""The staff side of client teams (issue 27), in process: the Portal Users report's role and section
columns and filters, staff naming a client's administrator in the Customer form's grid (and
`customers_for` honouring it), the workspace's invitation cards, the desk's boot list of sections,
and the approve API refused to staff without an approver's role.

Browser (the Customer form's team panel, the report and the invitation form, in Romanian):
`test_team_staff_browser.py`.
"""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, now_datetime

from ralom_portal import sections
from ralom_portal.access import memberships
from ralom_portal.access.customers import ADMINISTRATOR, MEMBER, customers_for, forget
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs

REPORT = "Portal Users"


def _report(**filters) -> list[dict]:
	return run(REPORT, filters=filters)["result"]


@pytest.fixture
def team_world(request):
	return module_world(request, _build_team)


@pytest.fixture
def team(team_world):
	"""Client A: an administrator, a member with projects and invoices, a member with no section, a
	row from before memberships (no role, no sections). Client B: a member with only projects."""
	return fresh(team_world)


def _build_team():
	from ralom_portal.tests import factories

	a, b = factories.customer(), factories.customer()
	admin = factories.make_member(a.name, [], role=ADMINISTRATOR).name
	member = factories.make_member(a.name, ["invoices", "projects"]).name
	nothing = factories.make_member(a.name, []).name
	old = factories.make_member(a.name, None, role=None).name
	b_member = factories.make_member(b.name, ["projects"]).name
	return refs(a=a.name, b=b.name, admin=admin, member=member, nothing=nothing, old=old, b_member=b_member)


def _by_user(rows) -> dict:
	return {r["user"]: r for r in rows}


# The report ---------------------------------------------------------------------------------------


def test_the_report_shows_each_persons_role_and_sections_in_words(team):
	columns = {c["fieldname"]: c["label"] for c in run(REPORT, filters={})["columns"]}
	assert (columns["role"], columns["sections"]) == ("Client Portal Role", "Sections")

	rows = _by_user(_report(customer=team.a))
	assert set(rows) == {team.admin, team.member, team.nothing, team.old}
	assert (rows[team.admin]["role"], rows[team.admin]["sections"]) == (ADMINISTRATOR, "All sections")
	# The registry's order, not the order stored.
	assert (rows[team.member]["role"], rows[team.member]["sections"]) == (
		MEMBER,
		"Projects, Invoices & Payments",
	)
	assert rows[team.nothing]["sections"] == "none"
	# A row from before memberships: every section, as customers_for reads it.
	assert (rows[team.old]["role"], rows[team.old]["sections"]) == (None, "All sections")


def test_the_report_reads_in_romanian(team):
	frappe.local.lang = "ro"
	try:
		result = run(REPORT, filters={"customer": team.a})
		rows = _by_user(result["result"])
		labels = {c["fieldname"]: c["label"] for c in result["columns"]}
	finally:
		frappe.local.lang = "en"
	assert (labels["role"], labels["sections"]) == ("Rol în portalul clienților", "Secțiuni")
	assert (rows[team.member]["role"], rows[team.member]["sections"]) == ("Membru", "Proiecte, Facturi/Plăți")
	assert (rows[team.admin]["role"], rows[team.admin]["sections"]) == (
		"Administrator client",
		"Toate secțiunile",
	)
	assert rows[team.nothing]["sections"] == "niciuna"


def test_the_role_filter_keeps_that_role(team):
	assert {r["user"] for r in _report(customer=team.a, role=MEMBER)} == {team.member, team.nothing}
	assert [r["user"] for r in _report(customer=team.a, role=ADMINISTRATOR)] == [team.admin]


def test_the_section_filter_keeps_who_sees_that_section_as_the_portal_decides(team):
	# Invoices: the administrator, the member with invoices, the row from before memberships.
	seen = {r["user"] for r in _report(customer=team.a, section="invoices")}
	assert seen == {team.admin, team.member, team.old}
	assert seen == {
		u for u in (team.admin, team.member, team.nothing, team.old) if customers_for(u, "invoices")
	}
	# Across customers: client B's member with only projects sees projects, not invoices.
	assert team.b_member in {r["user"] for r in _report(section="projects")}
	assert team.b_member not in {r["user"] for r in _report(section="invoices")}
	# With the role filter too: members of A who see projects.
	assert [r["user"] for r in _report(customer=team.a, role=MEMBER, section="projects")] == [team.member]
	# A key written with spaces by hand in the desk is read as customers_for reads it.
	frappe.db.set_value(
		"Portal User",
		{"parent": team.b, "user": team.b_member},
		"ralom_sections",
		"projects, shipments",
		update_modified=False,
	)
	forget(team.b_member)
	assert [r["user"] for r in _report(customer=team.b, section="shipments")] == [team.b_member]
	assert customers_for(team.b_member, "shipments") == (team.b,)


@pytest.mark.parametrize(
	"filters,message",
	[
		({"role": "Client administrator' or '1'='1"}, "Client Portal Role must be one of"),
		({"section": "dashboard"}, "Section must be one of"),
		({"section": "invoices' or 1=1 -- "}, "Section must be one of"),
		({"section": ["invoices"]}, "Section is not valid."),
	],
)
def test_a_role_or_section_that_does_not_exist_is_refused(filters, message):
	with pytest.raises(frappe.ValidationError) as refused:
		_report(**filters)
	assert message in str(refused.value)


def test_the_report_runs_one_query_with_every_filter(team):
	from frappe.desk.query_report import get_report_doc

	doc = get_report_doc(REPORT)
	filters = {"role": MEMBER, "section": "projects", "state": "Enabled", "search": "example"}
	doc.execute_script_report(filters)  # translations loaded once per process, not per run
	assert count_queries(lambda: doc.execute_script_report(filters)) == 1


# Staff name the administrator in the Customer form's grid ----------------------------------------


def _save_rows_as(staff: str, customer: str, change) -> None:
	"""What the desk does: a staff user who may edit customers (ERPNext: Sales User) loads the
	Customer, edits its Portal Users grid, saves."""
	with as_user(staff):
		doc = frappe.get_doc("Customer", customer)
		change(doc)
		doc.save()
	forget()


def test_staff_name_a_member_the_administrator_in_the_grid_and_customers_for_follows(team, factories):
	staff = factories.staff_user(("Sales User",)).name
	assert customers_for(team.member, "contracts") == ()

	def promote(doc):
		for row in doc.portal_users:
			if row.user == team.member:
				row.ralom_portal_role = ADMINISTRATOR

	_save_rows_as(staff, team.a, promote)
	assert customers_for(team.member, "contracts") == (team.a,)
	assert team.a in customers_for(team.member).administered
	assert memberships.administered(team.member) == [team.a]


def test_the_first_person_staff_add_in_the_grid_becomes_the_administrator(factories):
	"""A customer's first link, added in the desk with no role chosen: Frappe fills the grid's role with
	its first option, so the person administers the customer and sees every section."""
	customer = factories.customer().name
	user = factories.portal_user(None).name
	staff = factories.staff_user(("Sales User",)).name
	_save_rows_as(staff, customer, lambda doc: doc.append("portal_users", {"user": user}))
	role, stored = frappe.db.get_value(
		"Portal User", {"parent": customer, "user": user}, ["ralom_portal_role", "ralom_sections"]
	)
	assert (role, stored or "") == (ADMINISTRATOR, "")
	assert memberships.administered(user) == [customer]
	assert customers_for(user, "invoices") == (customer,)


def test_staff_demote_an_administrator_to_a_member_with_projects_in_the_grid(team, factories):
	staff = factories.staff_user(("Sales User",)).name

	def demote(doc):
		for row in doc.portal_users:
			if row.user == team.admin:
				row.ralom_portal_role, row.ralom_sections = MEMBER, "projects"

	_save_rows_as(staff, team.a, demote)
	assert customers_for(team.admin, "projects") == (team.a,)
	assert customers_for(team.admin, "invoices") == ()
	assert memberships.administered(team.admin) == []


# The workspace's invitation cards -----------------------------------------------------------------


def _invitation(customer: str, email: str, status: str, *, expires_in_days: int = 7) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Portal Invitation",
			"customer": customer,
			"email": email,
			"language": "ro",
			"role": MEMBER,
			"sections": "projects",
			"status": status,
			"expires_on": add_days(now_datetime(), expires_in_days),
			"invited_by": "Administrator",
			"token_hash": frappe.generate_hash(length=64),
		}
	)
	doc.db_insert()  # the cards count rows; sending and approving are registration's tests
	return doc.name


def _card_count(card: str) -> int:
	from frappe.desk.doctype.number_card.number_card import get_result

	doc = frappe.get_doc("Number Card", card)
	filters = json.loads(doc.filters_json)
	for doctype, field, op, expression in json.loads(doc.dynamic_filters_json or "[]"):
		assert expression == "frappe.datetime.now_datetime()"
		filters.append([doctype, field, op, str(now_datetime())])
	return get_result(doc.as_dict(), json.dumps(filters))


def test_the_workspace_counts_invitations_awaiting_approval_and_pending(factories):
	workspace = frappe.get_doc("Workspace", "Client Portal")
	cards = {c.number_card_name: c.label for c in workspace.number_cards}
	assert cards["Client Portal Invitations Awaiting Approval"] == "Invitations Awaiting Approval"
	assert cards["Client Portal Pending Invitations"] == "Pending Invitations"
	shown = {b["data"].get("number_card_name") for b in json.loads(workspace.content)}
	assert {"Invitations Awaiting Approval", "Pending Invitations"} <= shown
	(shortcut,) = [s for s in workspace.shortcuts if s.link_to == "Portal Invitation"]
	assert json.loads(shortcut.stats_filter) == {"status": "Awaiting approval"}

	awaiting = "Client Portal Invitations Awaiting Approval"
	pending = "Client Portal Pending Invitations"
	before = _card_count(awaiting), _card_count(pending)
	customer = factories.customer().name
	for _n in range(2):
		_invitation(customer, f"{factories.unique('awaiting').lower()}@example.ro", "Awaiting approval")
	_invitation(customer, f"{factories.unique('pending').lower()}@example.ro", "Pending")
	# Sent but past its expiry: no longer pending; used or revoked: not pending either.
	_invitation(customer, f"{factories.unique('late').lower()}@example.ro", "Pending", expires_in_days=-1)
	_invitation(customer, f"{factories.unique('used').lower()}@example.ro", "Accepted")
	_invitation(customer, f"{factories.unique('gone').lower()}@example.ro", "Revoked")
	assert (_card_count(awaiting), _card_count(pending)) == (before[0] + 2, before[1] + 1)


# What the desk's scripts get at boot -------------------------------------------------------------


def test_the_desk_boot_names_the_sections_a_membership_grants_from_the_registry():
	from ralom_portal.setup.desk_boot import boot_session

	bootinfo = frappe._dict()
	boot_session(bootinfo)
	assert bootinfo.ralom_portal_sections == [
		[s["key"], s["title"]] for s in sections.SECTIONS if s["key"] in memberships.choosable_sections()
	]
	assert "dashboard" not in {key for key, _title in bootinfo.ralom_portal_sections}
	assert "ralom_portal.setup.desk_boot.boot_session" in frappe.get_hooks("boot_session")


# Approving an invitation: staff with an approver's role only --------------------------------------


def test_staff_without_an_approvers_role_cannot_approve_an_invitation(factories):
	from ralom_portal.api import invitations as api

	customer = factories.customer().name
	name = _invitation(customer, f"{factories.unique('held').lower()}@example.ro", "Awaiting approval")
	before = frappe.db.count("Email Queue")
	for roles in (("Sales User",), ("Support Team",), ("Accounts Manager",)):
		with as_user(factories.staff_user(roles).name):
			with pytest.raises(frappe.PermissionError):
				api.approve(name)
	assert frappe.db.get_value("Portal Invitation", name, ["status", "approved_by"]) == (
		"Awaiting approval",
		None,
	)
	assert frappe.db.count("Email Queue") == before


def test_a_sales_manager_approves_an_invitation_and_its_link_is_sent(factories):
	from ralom_portal.api import invitations as api

	customer = factories.customer().name
	email = f"{factories.unique('held').lower()}@example.ro"
	name = _invitation(customer, email, "Awaiting approval")
	manager = factories.staff_user(("Sales Manager",)).name
	with as_user(manager):
		api.approve(name)
	assert frappe.db.get_value("Portal Invitation", name, ["status", "approved_by"]) == ("Pending", manager)
	assert frappe.db.exists("Email Queue Recipient", {"recipient": email})


def test_the_invitation_form_offers_approve_and_revoke_while_the_invitation_is_open():
	"""The desk form's buttons (portal_invitation.js): Approve for Awaiting approval, Revoke for it and
	for Pending, each calling the staff API that exists and is whitelisted for POST."""
	from ralom_portal.api import invitations as api

	js = (
		frappe.get_app_path("ralom_portal", "ralom_portal", "doctype", "portal_invitation")
		+ "/portal_invitation.js"
	)
	source = open(js).read()
	assert 'status === "Awaiting approval"' in source and '__("Approve")' in source
	assert 'status === "Awaiting approval" || status === "Pending"' in source and '__("Revoke")' in source
	assert "ralom_portal.api.invitations.${action}" in source
	for action in ("approve", "revoke"):
		method = getattr(api, action)
		assert method in frappe.whitelisted and frappe.allowed_http_methods_for_whitelisted_func[method] == [
			"POST"
		]
