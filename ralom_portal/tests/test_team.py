"""The client administrator's team in process (issue 27): changing a colleague's role and sections,
deactivating one, each refusal (with its message, nothing written), two administrators demoting each
other at once, and the team's log.

Served: `test_team_http.py`.
"""

import frappe
import pytest

from ralom_portal.access import memberships
from ralom_portal.access.customers import ADMINISTRATOR, MEMBER, customers_for
from ralom_portal.api import team as api
from ralom_portal.tests.factories import as_user, set_membership
from ralom_portal.tests.race import race


@pytest.fixture
def team(factories):
	"""Client A: an administrator and a member with only projects; client B with its administrator."""
	a, b = factories.customer(), factories.customer()
	admin = factories.make_member(a.name, [], role=ADMINISTRATOR).name
	member = factories.make_member(a.name, ["projects"]).name
	b_admin = factories.make_member(b.name, [], role=ADMINISTRATOR).name
	return frappe._dict(a=a.name, b=b.name, admin=admin, member=member, b_admin=b_admin)


def _row(customer, user):
	return frappe.db.get_value(
		"Portal User",
		{"parenttype": "Customer", "parent": customer, "user": user},
		["ralom_portal_role", "ralom_sections"],
	)


def _log_count(customer):
	return len(memberships.log(customer, limit=1000))


def _refused(exc, message, fn, *args, customer, rows):
	"""`fn(*args)` is refused with `exc` and `message`, and no row nor log entry changes."""
	before = ({u: _row(customer, u) for u in rows}, _log_count(customer))
	with pytest.raises(exc) as info:
		fn(*args)
	assert message in str(info.value)
	assert ({u: _row(customer, u) for u in rows}, _log_count(customer)) == before


def test_an_administrator_changes_a_colleagues_sections_and_role(team):
	with as_user(team.admin):
		assert api.set_membership(team.a, team.member, MEMBER, '["invoices", "projects"]') == {
			"changed": True
		}
	assert _row(team.a, team.member) == (MEMBER, "projects,invoices")
	assert customers_for(team.member, "invoices") == (team.a,)
	with as_user(team.admin):
		# The same again writes nothing and logs nothing.
		assert api.set_membership(team.a, team.member, MEMBER, '["projects", "invoices"]') == {
			"changed": False
		}
		api.set_membership(team.a, team.member, ADMINISTRATOR, "[]")
	assert _row(team.a, team.member)[0] == ADMINISTRATOR
	assert len(memberships.log(team.a)) == 2


def test_the_last_administrator_cannot_be_demoted_or_deactivated(team):
	message = "at least one client administrator"
	with as_user(team.admin):
		rows = (team.admin, team.member)
		_refused(
			frappe.ValidationError,
			message,
			api.set_membership,
			team.a,
			team.admin,
			MEMBER,
			"[]",
			customer=team.a,
			rows=rows,
		)
		_refused(
			frappe.ValidationError, message, api.deactivate, team.a, team.admin, customer=team.a, rows=rows
		)


def test_another_customer_is_refused_like_a_foreign_record(team):
	message = "This record does not exist or you do not have access to it."
	with as_user(team.admin):
		rows = (team.b_admin,)
		_refused(
			frappe.PermissionError,
			message,
			api.set_membership,
			team.b,
			team.b_admin,
			MEMBER,
			"[]",
			customer=team.b,
			rows=rows,
		)
		_refused(
			frappe.PermissionError, message, api.deactivate, team.b, team.b_admin, customer=team.b, rows=rows
		)
		_refused(
			frappe.PermissionError,
			message,
			api.deactivate,
			"no-such-customer",
			team.b_admin,
			customer=team.b,
			rows=rows,
		)
	# A member administers nothing.
	with as_user(team.member):
		rows = (team.admin, team.member)
		_refused(
			frappe.PermissionError,
			message,
			api.set_membership,
			team.a,
			team.member,
			MEMBER,
			'["invoices"]',
			customer=team.a,
			rows=rows,
		)


def test_unknown_sections_roles_and_strangers_are_refused(team):
	rows = (team.admin, team.member)
	with as_user(team.admin):
		for sections in ('["projects", "no_such"]', '["dashboard"]', '[["projects"]]', '{"a": 1}'):
			_refused(
				frappe.ValidationError,
				"A section you chose does not exist.",
				api.set_membership,
				team.a,
				team.member,
				MEMBER,
				sections,
				customer=team.a,
				rows=rows,
			)
		_refused(
			frappe.ValidationError,
			"Choose a role",
			api.set_membership,
			team.a,
			team.member,
			"Owner",
			"[]",
			customer=team.a,
			rows=rows,
		)
		for stranger in (team.b_admin, "nobody@example.ro", None):
			_refused(
				frappe.ValidationError,
				"not a colleague",
				api.set_membership,
				team.a,
				stranger,
				MEMBER,
				"[]",
				customer=team.a,
				rows=rows,
			)
			_refused(
				frappe.ValidationError,
				"not a colleague",
				api.deactivate,
				team.a,
				stranger,
				customer=team.a,
				rows=rows,
			)
	assert _row(team.b, team.b_admin)[0] == ADMINISTRATOR


def test_deactivating_unlinks_the_colleague_and_their_contact(team):
	assert frappe.db.exists(
		"Dynamic Link", {"link_doctype": "Customer", "link_name": team.a, "parenttype": "Contact"}
	)
	with as_user(team.admin):
		assert api.deactivate(team.a, team.member) == {"deactivated": True}
	assert _row(team.a, team.member) is None
	assert customers_for(team.member) == ()
	contacts = frappe.get_all("Contact", {"user": team.member}, pluck="name")
	assert not frappe.db.exists(
		"Dynamic Link", {"parent": ("in", contacts), "link_doctype": "Customer", "link_name": team.a}
	)
	entries = memberships.log(team.a)
	assert len(entries) == 1
	assert frappe.utils.get_fullname(team.member) in entries[0].text


def test_the_log_keeps_the_last_twenty_newest_first_and_only_team_changes(team):
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": "Customer",
			"reference_name": team.a,
			"content": "Something else",
		}
	).insert(ignore_permissions=True)
	with as_user(team.admin):
		for i in range(22):
			api.set_membership(team.a, team.member, MEMBER, '["projects"]' if i % 2 else '["files"]')
	entries = memberships.log(team.a)
	assert len(entries) == 20
	assert all("Something else" not in e.text for e in entries)
	assert entries[0].at >= entries[-1].at


def test_two_administrators_demoting_each_other_at_once_leave_one(factories):
	"""Each demotes the other on its own connection: one wins, the other finds it is no longer an
	administrator and is refused; the customer keeps exactly one."""
	a = factories.customer()
	first = factories.make_member(a.name, [], role=ADMINISTRATOR).name
	second = factories.make_member(a.name, [], role=ADMINISTRATOR).name
	frappe.db.commit()
	pairs = ((first, second), (second, first))

	def demote(i):
		actor, other = pairs[i]
		frappe.set_user(actor)
		return memberships.set_membership(actor, a.name, other, MEMBER, "[]")

	try:
		results = race(2, demote)
		frappe.db.rollback()
		assert sorted(type(r).__name__ for r in results) == ["PermissionError", "dict"], results
		roles = [_row(a.name, u)[0] for u in (first, second)]
		assert sorted(roles) == [ADMINISTRATOR, MEMBER]
		assert len(memberships.log(a.name)) == 1
	finally:
		frappe.db.rollback()
		frappe.db.delete("Comment", {"reference_doctype": "Customer", "reference_name": a.name})
		for user in (first, second):
			set_membership(a.name, user, None, ADMINISTRATOR)
		frappe.db.commit()


def test_the_team_lists_each_colleague_with_role_sections_and_last_sign_in(team):
	frappe.db.set_value("User", team.member, "last_login", "2026-11-30 08:15:00")
	people = {p.user: p for p in memberships.colleagues(team.a)}
	assert set(people) == {team.admin, team.member}
	assert people[team.admin].role == ADMINISTRATOR
	member = people[team.member]
	assert (member.role, member.granted) == (MEMBER, {"projects"})
	assert member.titles == [frappe._("Projects", context="Portal section")]
	assert str(member.last_login) == "2026-11-30 08:15:00"
	assert memberships.administered(team.admin) == [team.a]
	assert memberships.administered(team.member) == []
