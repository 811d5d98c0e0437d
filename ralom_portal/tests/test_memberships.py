"""Memberships in process (issue 27): a role and sections on each Portal User row, and the one access
answer per section, `customers_for(user, section)`, read by every rule, page and API check.

Served pages: `test_memberships_http.py`.
"""

import frappe
import pytest

from ralom_portal.access import refuse, rules
from ralom_portal.access.customers import customers_for, forget, granted_sections
from ralom_portal.portal.queries import files as files_q
from ralom_portal.sections import SECTIONS
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs

EVERY = {s["key"] for s in SECTIONS}


@pytest.fixture
def world_names(request):
	return module_world(request, _build)


@pytest.fixture
def world(world_names):
	return fresh(world_names)


def _build():
	from ralom_portal.tests import factories

	a = factories.customer()
	b = factories.customer()
	invoice = factories.sales_invoice(a.name)
	project, _tasks = factories.project(a.name, tasks=1)
	return refs(
		a=a,
		b=b,
		invoice=invoice,
		project=project,
		invoice_file=factories.file("Sales Invoice", invoice.name),
		project_file=factories.file("Project", project.name),
		shared_file=factories.file("Customer", a.name, shared=True),
		# Sees everything but the invoices; only projects; nothing (but still acts for A).
		no_invoices=factories.make_member(a.name, sorted(EVERY - {"invoices"})).name,
		projects_only=factories.make_member(a.name, ["projects"]).name,
		no_section=factories.make_member(a.name, []).name,
		# An administrator whose field says `none`: the role wins.
		admin=factories.make_member(a.name, [], role="Client administrator").name,
		# A row from before memberships: no role, no sections.
		legacy=factories.make_member(a.name, None, role=None).name,
	)


def test_the_membership_fields_are_on_erpnexts_portal_user_row():
	meta = frappe.get_meta("Portal User")
	role = meta.get_field("ralom_portal_role")
	assert role.fieldtype == "Select"
	assert role.options.split("\n") == ["Client administrator", "Member"]
	assert meta.get_field("ralom_sections").fieldtype == "Small Text"
	# Both shown in the Customer form's grid for staff.
	assert role.in_list_view and meta.get_field("ralom_sections").in_list_view


def test_a_row_staff_add_without_choosing_is_an_administrator_with_every_section(factories):
	customer, user = factories.client()
	row = frappe.db.get_value(
		"Portal User", {"parent": customer.name, "user": user.name}, ["ralom_portal_role", "ralom_sections"]
	)
	assert row == ("Client administrator", None)
	assert granted_sections(user.name) == EVERY


def test_the_upgrade_patch_makes_rows_without_a_role_administrators_and_can_run_twice(world):
	from ralom_portal.patches.v1_1 import portal_users_administer_their_customer as patch

	users = (world.legacy, world.projects_only, world.no_section, world.admin)
	forget()
	before = {u: {k: customers_for(u, k) for k in (None, *EVERY)} for u in users}
	for _run in range(2):
		patch.execute()
		forget()
		assert {u: {k: customers_for(u, k) for k in (None, *EVERY)} for u in users} == before

	def row(user):
		return frappe.db.get_value(
			"Portal User", {"parent": world.a.name, "user": user}, ["ralom_portal_role", "ralom_sections"]
		)

	assert row(world.legacy) == ("Client administrator", None)
	# Rows that already have a role keep it and their sections.
	assert row(world.projects_only) == ("Member", "projects")
	assert row(world.no_section) == ("Member", "none")
	assert not frappe.db.count(
		"Portal User", {"parenttype": "Customer", "ralom_portal_role": ("is", "not set")}
	)


def test_customers_for_answers_per_section(world):
	a = world.a.name
	assert customers_for(world.projects_only) == (a,)
	assert customers_for(world.projects_only, "projects") == (a,)
	for key in EVERY - {"projects", "dashboard"}:
		assert customers_for(world.projects_only, key) == (), key
	# The dashboard and keys that are not sections (the notifications page) mean every customer.
	assert customers_for(world.projects_only, "dashboard") == (a,)
	assert customers_for(world.projects_only, "notifications") == (a,)
	assert customers_for(world.no_invoices, "invoices") == ()
	assert customers_for(world.no_invoices, "offers") == (a,)
	assert customers_for(world.no_section) == (a,)
	assert all(customers_for(world.no_section, k) == () for k in EVERY - {"dashboard"})
	for user in (world.admin, world.legacy):
		assert all(customers_for(user, k) == (a,) for k in EVERY), user


def test_two_customers_answer_each_by_its_own_membership(factories, world):
	user = factories.make_member(world.a.name, ["projects"])
	factories.portal_user(world.b.name, user.name)
	factories.set_membership(world.b.name, user.name, ["invoices", "unknown-key"])
	assert customers_for(user.name) == tuple(sorted((world.a.name, world.b.name)))
	assert customers_for(user.name, "projects") == (world.a.name,)
	assert customers_for(user.name, "invoices") == (world.b.name,)
	assert customers_for(user.name, "offers") == ()
	assert granted_sections(user.name) == {"dashboard", "projects", "invoices"}


def test_one_query_per_request_whatever_the_sections_asked(world):
	forget()

	def ask():
		for key in (None, *EVERY, "notifications"):
			customers_for(world.no_invoices, key)
		granted_sections(world.no_invoices)
		rules.condition("Sales Invoice", world.no_invoices)
		rules.condition("File", world.no_invoices)

	assert count_queries(ask) == 1


def test_every_rule_reads_the_section_of_its_doctype(world):
	assert not rules.can_see("Sales Invoice", world.invoice.name, world.no_invoices)
	assert rules.can_see("Project", world.project.name, world.no_invoices)
	assert rules.can_see("Project", world.project.name, world.projects_only)
	assert not rules.can_see("Project", world.project.name, world.no_section)
	for user in (world.admin, world.legacy):
		assert rules.can_see("Sales Invoice", world.invoice.name, user)
		assert rules.can_see("Project", world.project.name, user)


def test_the_file_rule_reads_each_parents_section(world):
	def sees(user, file):
		return rules.can_see("File", file.name, user)

	assert not sees(world.no_invoices, world.invoice_file)
	assert sees(world.no_invoices, world.project_file)
	assert sees(world.projects_only, world.project_file)
	assert not sees(world.projects_only, world.invoice_file)
	# Files staff shared with the company are the Files section's own: only with Fișiere granted.
	assert sees(world.no_invoices, world.shared_file)
	assert not sees(world.projects_only, world.shared_file)
	assert not sees(world.no_section, world.shared_file)
	assert not sees(world.no_section, world.project_file)
	for user in (world.admin, world.legacy):
		assert all(sees(user, f) for f in (world.invoice_file, world.project_file, world.shared_file))


def test_the_library_leaves_out_files_of_hidden_records(world):
	as_user(world.no_invoices)
	listed = {
		f.name
		for f in files_q.library(
			customers_for(section="files"), files_q.clean_filters({}), world.no_invoices
		)["files"]
	}
	assert listed == {world.project_file.name, world.shared_file.name}


def test_api_checks_refuse_a_hidden_section_as_a_foreign_record(world):
	as_user(world.no_invoices)
	with pytest.raises(frappe.PermissionError) as hidden:
		refuse.require_customers("Nu.", "invoices")
	assert str(hidden.value) == "Nu."
	with pytest.raises(frappe.PermissionError):
		refuse.require_visible("Sales Invoice", world.invoice.name, "Nu.")
	assert refuse.require_customers("Nu.", "offers") == (world.a.name,)
	assert refuse.require_client(section="tickets") == world.a.name
	as_user(world.projects_only)
	with pytest.raises(frappe.PermissionError):
		refuse.require_client(section="quote_requests")
	assert refuse.require_client(section="projects") == world.a.name


def _prepared(user, section):
	from ralom_portal.portal.page import prepare

	as_user(user)
	context = frappe._dict()
	return prepare(context, section, title="T"), context


def test_a_page_of_a_hidden_section_is_the_one_not_found_answer(world):
	customers, context = _prepared(world.no_invoices, "invoices")
	assert customers == ()
	assert (context.portal_denied, context.http_status_code) == (True, 403)
	assert not context.portal_no_access
	# The shell is the user's: every company they act for, the bell, the granted sections only.
	assert context.portal_customers and context.portal_bell is not None
	assert [e["key"] for e in context.portal_sidebar] == [
		s["key"] for s in SECTIONS if s["key"] != "invoices"
	]
	customers, context = _prepared(world.no_invoices, "offers")
	assert customers == (world.a.name,) and not context.portal_denied


def test_the_no_access_explanation_stays_for_users_with_no_customer(factories):
	lonely = factories.portal_user(None)
	customers, context = _prepared(lonely.name, "invoices")
	assert customers == ()
	assert context.portal_no_access and not context.portal_denied
	assert {e["key"] for e in context.portal_sidebar} == EVERY


def test_the_sidebar_lists_only_granted_sections(world):
	_c, context = _prepared(world.projects_only, "projects")
	assert [e["key"] for e in context.portal_sidebar] == ["dashboard", "projects"]
	for user in (world.admin, world.legacy):
		_c, context = _prepared(user, "projects")
		assert [e["key"] for e in context.portal_sidebar] == [s["key"] for s in SECTIONS]


def _page_queries(path, user):
	from ralom_portal.tests.test_dashboard import _page

	forget()
	seen = []
	real = frappe.db.sql

	def spy(query, *args, **kwargs):
		seen.append(str(query))
		return real(query, *args, **kwargs)

	frappe.db.sql = spy
	try:
		_page(path, user)
	finally:
		frappe.db.sql = real
	return seen


@pytest.mark.parametrize("path", ("/portal", "/portal/projects", "/portal/offers"))
def test_pages_run_as_many_queries_for_a_member_as_for_an_administrator(world, path):
	for user in (world.no_invoices, world.admin):
		_page_queries(path, user)  # warm Frappe's caches (meta, templates, the user's own) first
	member = _page_queries(path, world.no_invoices)
	admin = _page_queries(path, world.admin)
	assert len(member) == len(admin), path
	# The rights are one cached query per request.
	assert sum("`tabPortal User` pu" in q for q in admin) == 1


def test_dashboard_cards_read_each_cards_section(world):
	from ralom_portal.portal.queries import dashboard

	admin = dashboard.summary(customers_for(world.admin, "dashboard"))
	hidden = dashboard.summary(customers_for(world.no_invoices, "dashboard"))
	assert admin["balances"] and admin["unpaid_invoices"] == 1
	assert hidden["sections"] == {**admin["sections"], "invoices": False}
	assert (hidden["balances"], hidden["unpaid_invoices"]) == ([], 0)
	assert hidden["active_projects_count"] == admin["active_projects_count"] == 1
	projects = dashboard.summary(customers_for(world.projects_only, "dashboard"))
	assert [k for k, shown in projects["sections"].items() if shown] == ["projects"]


def test_the_action_centre_lists_only_granted_sections(factories, world):
	from frappe.utils import nowdate

	from ralom_portal.portal.queries import actions

	factories.sales_invoice(world.a.name, due_date=nowdate())

	def kinds(user):
		return {row.kind for row in actions.pending(customers_for(user, "dashboard"))["items"]}

	assert "invoice" in kinds(world.admin) and "invoice" in kinds(world.legacy)
	assert "invoice" not in kinds(world.no_invoices)
	assert kinds(world.projects_only) <= {"milestone"}
	assert kinds(world.no_section) == set()


def test_the_dashboard_page_leaves_out_cards_of_hidden_sections(world):
	from ralom_portal.tests.test_dashboard import _page

	admin = _page("/portal", world.admin)
	assert 'data-metric="outstanding"' in admin and 'data-metric="active-projects"' in admin
	hidden = _page("/portal", world.no_invoices)
	assert 'data-metric="outstanding"' not in hidden and 'data-metric="overdue"' not in hidden
	assert 'data-metric="active-projects"' in hidden and 'data-metric="offers-to-decide"' in hidden
	only_projects = _page("/portal", world.projects_only)
	assert 'data-metric="offers-to-decide"' not in only_projects
	assert 'data-metric="contracts-expiring"' not in only_projects
	assert 'data-metric="active-projects"' in only_projects


def test_the_bell_and_its_preferences_leave_out_hidden_sections(world):
	from ralom_portal.portal.queries import notifications
	from ralom_portal.tests.test_dashboard import _page

	def kinds(user):
		return {e.kind for e in notifications.recent(customers_for(user), user)["items"]}

	# A's invoice of today is an event for whoever may see invoices, and for no one else.
	assert "invoice" in kinds(world.admin) and "invoice" in kinds(world.legacy)
	assert "invoice" not in kinds(world.no_invoices) and "invoice" not in kinds(world.projects_only)
	assert kinds(world.no_section) == set()
	assert notifications.unread_count(customers_for(world.no_section), world.no_section) == 0
	# The e-mail preferences offer only the events of sections the person may see.
	assert 'name="events" value="invoice"' in _page("/portal/notifications", world.admin)
	page = _page("/portal/notifications", world.no_invoices)
	assert 'name="events" value="invoice"' not in page and 'name="events" value="offer"' in page


def test_a_link_into_a_section_the_member_does_not_see_is_plain_text(world):
	"""An invoice names its offer, a project page offers "Ask about this": for a member who cannot
	open the other section, the name stays as text and the button is not drawn (portal/links.py)."""
	from ralom_portal.portal.links import portal_link
	from ralom_portal.tests.test_dashboard import _page

	with as_user(world.no_invoices):
		assert (
			portal_link("Quotation", "SAL-QTN-1 <x>")
			== '<a href="/portal/offers/SAL-QTN-1%20%3Cx%3E">SAL-QTN-1 &lt;x&gt;</a>'
		)
		assert portal_link("Sales Invoice", "ACC-SINV-1 <x>") == "ACC-SINV-1 &lt;x&gt;"
	with as_user(world.projects_only):
		assert portal_link("Quotation", "SAL-QTN-1") == "SAL-QTN-1"
		assert (
			portal_link("Project", "Hală nouă")
			== '<a href="/portal/projects/Hal%C4%83%20nou%C4%83">Hală nouă</a>'
		)
	assert 'data-action="ask-about"' not in _page(
		f"/portal/projects/{world.project.name}", world.projects_only
	)
	assert 'data-action="ask-about"' in _page(f"/portal/projects/{world.project.name}", world.admin)


def test_staff_typing_sections_in_the_grid_are_checked_and_put_in_order(world):
	"""The desk's Portal Users grid: unknown section keys are refused (nothing saved), known ones are
	stored in the registry's order."""
	customer = frappe.get_doc("Customer", world.a.name)
	row = next(r for r in customer.portal_users if r.user == world.projects_only)
	row.ralom_sections = "invoices, projects"
	customer.save(ignore_permissions=True)
	assert frappe.db.get_value("Portal User", row.name, "ralom_sections") == "projects,invoices"
	row.ralom_sections = "invoices,salaries"
	previous, frappe.local.lang = frappe.local.lang, "ro"
	try:
		with pytest.raises(frappe.ValidationError, match="salaries"):
			customer.save(ignore_permissions=True)
	finally:
		frappe.local.lang = previous
	assert frappe.db.get_value("Portal User", row.name, "ralom_sections") == "projects,invoices"
