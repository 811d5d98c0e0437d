"""The staff side of client teams (issue 27) in Chromium, in Romanian, as a System Manager: the
Customer form's team under the Portal Users grid, the Portal Users report with its role and section
columns and filters, and an invitation awaiting approval with its Approve and Revoke buttons.
Screenshots go to RALOM_ARTIFACTS.

In process: `test_team_staff.py`.
"""

from __future__ import annotations

from contextlib import contextmanager

import frappe
import pytest
from frappe.utils import add_days, now_datetime

from ralom_portal.access.customers import ADMINISTRATOR
from ralom_portal.demo import builders
from ralom_portal.tests import factories

pytestmark = pytest.mark.browser

PASSWORD = "Staff#Team2026"
MANAGER = "staff-team-sysmanager@ralom.ro"


@pytest.fixture(scope="module")
def desk_team(server):
	"""A committed customer with an administrator (signed in once) and a member with projects and
	invoices, an invitation awaiting approval, and a System Manager who reads the desk in Romanian."""
	frappe.set_user("Administrator")
	# ERPNext gives the Customer form to sales roles, not to System Manager: a site's system manager
	# also holds Sales User.
	factories.committed_staff_user(MANAGER, PASSWORD, roles=("System Manager", "Sales User"))
	frappe.db.set_value("User", MANAGER, "language", "ro")
	customer = factories.customer(factories.unique("Echipa Client SRL")).name
	admin, member, invited = (
		f"{factories.unique(k).lower()}@example.ro" for k in ("desk-admin", "desk-member", "desk-invited")
	)
	builders.make_portal_user(admin, customer, first_name="Ana", last_name="Admin", password=PASSWORD)
	builders.make_portal_user(member, customer, first_name="Mihai", last_name="Membru", password=PASSWORD)
	factories.set_membership(customer, admin, [], ADMINISTRATOR)
	factories.set_membership(customer, member, ["projects", "invoices"])
	frappe.db.set_value("User", admin, "last_login", "2026-12-01 09:15:00")
	invitation = frappe.get_doc(
		{
			"doctype": "Portal Invitation",
			"customer": customer,
			"email": invited,
			"first_name": "Ioana",
			"language": "ro",
			"role": "Member",
			"sections": "projects",
			"status": "Awaiting approval",
			"expires_on": add_days(now_datetime(), 7),
			"invited_by": admin,
			"token_hash": frappe.generate_hash(length=64),
		}
	)
	invitation.db_insert()
	frappe.db.commit()
	yield frappe._dict(customer=customer, admin=admin, member=member, invitation=invitation.name)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.db.delete("Portal Invitation", {"name": invitation.name})
	for user in (admin, member):
		builders.unlink_portal_user(customer, user)
	frappe.db.delete("Comment", {"reference_doctype": "Customer", "reference_name": customer})
	frappe.db.commit()


@contextmanager
def _desk(browser, server, path: str):
	"""A page of the desk at `path`, signed in as the System Manager."""
	from ralom_portal.tests.browser import login

	context = browser.new_context(viewport={"width": 1400, "height": 1000})
	try:
		page = context.new_page()
		login(page, server.url, MANAGER, PASSWORD)
		page.goto(server.url + path)
		yield page
	finally:
		context.close()


def _team_tab(page) -> None:
	"""The Customer form's Portal Users tab, once the team under the grid has loaded."""
	page.click("#customer-portal_users_tab-tab", timeout=60000)
	page.wait_for_selector(".ralom-team tbody tr", timeout=60000)


def _shot(page, name: str) -> None:
	from ralom_portal.tests.browser import ARTIFACTS

	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_the_customer_form_shows_the_team_with_roles_and_sections_in_romanian(browser, server, desk_team):
	with _desk(browser, server, f"/app/customer/{desk_team.customer}") as page:
		_team_tab(page)
		_shot(page, "staff-customer-team-ro.png")
		grid = page.inner_text("[data-fieldname='portal_users']")
		# The grid itself: both people, their role (ERPNext's Select, translated) and their sections in
		# words, not the stored keys (the administrator's row stores `none`, and sees everything).
		assert desk_team.admin in grid and desk_team.member in grid
		assert "Administrator client" in grid and "Membru" in grid
		assert "Toate secțiunile" in grid and "Proiecte, Facturi/Plăți" in grid
		assert "projects,invoices" not in grid and "none" not in grid
		rows = page.locator(".ralom-team tbody tr")
		assert rows.count() == 2
		by_user = {}
		for i in range(2):
			cells = rows.nth(i).locator("td").all_inner_texts()
			by_user[cells[1]] = cells
		assert by_user[desk_team.admin][2:4] == ["Administrator client", "Toate secțiunile"]
		assert by_user[desk_team.member][2:4] == ["Membru", "Proiecte, Facturi/Plăți"]
		assert by_user[desk_team.member][4] == "Niciodată"
		assert "2026" in by_user[desk_team.admin][4]
		assert "echipa" in page.inner_text(".ralom-team").lower()  # the heading is in capitals
		# The panel's link opens the report filtered on the customer.
		page.click(".ralom-team a")
		page.wait_for_url("**/query-report/Portal*", timeout=30000)
		page.wait_for_selector(".dt-scrollable .dt-row", timeout=60000)
		assert page.input_value("[data-fieldname='customer'] input") == desk_team.customer


def test_the_portal_users_report_filters_by_role_and_section_in_romanian(browser, server, desk_team):
	with _desk(browser, server, f"/app/query-report/Portal Users?customer={desk_team.customer}") as page:
		page.wait_for_selector(".dt-scrollable .dt-row", timeout=60000)
		header = page.inner_text(".dt-header")
		assert "Rol în portalul clienților" in header and "Secțiuni" in header
		body = page.inner_text(".dt-scrollable")
		assert "Proiecte, Facturi/Plăți" in body and "Toate secțiunile" in body
		# The section filter lists the portal's sections by their Romanian titles.
		options = page.locator("[data-fieldname='section'] select option").all_inner_texts()
		assert {"Proiecte", "Facturi/Plăți", "Expedieri", "Fișiere"} <= set(options)
		assert "Tablou de bord" not in options
		page.select_option("[data-fieldname='role'] select", "Member")
		page.wait_for_function(
			"document.querySelectorAll('.dt-scrollable .dt-row').length === 1", timeout=30000
		)
		# The User link column shows the person's name (Frappe's link titles).
		assert "Mihai Membru" in page.inner_text(".dt-scrollable")
		page.select_option("[data-fieldname='role'] select", "")
		page.select_option("[data-fieldname='section'] select", "invoices")
		page.wait_for_function(
			"document.querySelectorAll('.dt-scrollable .dt-row').length === 2", timeout=30000
		)
		_shot(page, "staff-portal-users-report-ro.png")


def test_an_invitation_awaiting_approval_shows_who_invited_and_offers_approve_and_revoke(
	browser, server, desk_team
):
	with _desk(browser, server, f"/app/portal-invitation/{desk_team.invitation}") as page:
		page.wait_for_selector(".form-message", timeout=60000)
		intro = page.inner_text(".form-message")
		assert "Ana Admin" in intro or desk_team.admin in intro
		assert "Membru" in intro and "Proiecte" in intro and "Facturi" not in intro
		approve = page.locator(".page-actions button:has-text('Aprobă')")
		revoke = page.locator(".page-actions button:has-text('Revocă')")
		assert approve.count() == 1 and revoke.count() == 1
		_shot(page, "staff-invitation-awaiting-approval-ro.png")


def test_the_workspace_counts_the_invitations_awaiting_approval(browser, server, desk_team):
	with _desk(browser, server, "/app/client-portal") as page:
		card = page.locator(".number-widget-box:has-text('Invitații care așteaptă aprobarea')")
		card.locator(".number").wait_for(timeout=60000)
		page.wait_for_function(
			"(box) => /[0-9]/.test(box.querySelector('.number').innerText)",
			arg=card.element_handle(),
			timeout=60000,
		)
		frappe.db.rollback()
		expected = frappe.db.count("Portal Invitation", {"status": "Awaiting approval"})
		assert expected >= 1 and card.locator(".number").inner_text().strip() == str(expected)
		assert page.locator(".number-widget-box:has-text('Invitații în așteptare')").count() == 1
		page.wait_for_timeout(1000)  # the charts animate in
		# A System Manager who is no accountant gets the e-Factura card's refusal in a dialog (its own
		# matter, see test_staff_desk_http): closed, so the screenshot shows the cards.
		page.keyboard.press("Escape")
		_shot(page, "staff-workspace-invitations-ro.png")


def test_staff_name_the_member_an_administrator_in_the_grid(browser, server, desk_team):
	"""The first administrator is named where staff manage the links: the grid's role, saved with the
	Customer; the portal's access follows at once. (Last in this module: it changes the team.)"""
	from ralom_portal.access.customers import customers_for, forget

	with _desk(browser, server, f"/app/customer/{desk_team.customer}") as page:
		_team_tab(page)
		row = page.locator("[data-fieldname='portal_users'] .grid-body .grid-row[data-idx='2']")
		row.locator(".static-area:has-text('Membru')").click()
		# Editing, the sections are the stored keys (the field's description lists them).
		assert row.locator("textarea[data-fieldname='ralom_sections']").input_value() == "projects,invoices"
		row.locator("select[data-fieldname='ralom_portal_role']").select_option("Client administrator")
		page.keyboard.press("Control+s")
		page.wait_for_function(
			"""(member) => [...document.querySelectorAll('.ralom-team tbody tr')].some(
				(tr) => tr.cells[1].innerText === member && tr.cells[2].innerText === 'Administrator client')""",
			arg=desk_team.member,
			timeout=60000,
		)
		_shot(page, "staff-customer-team-named-administrator-ro.png")
	frappe.db.rollback()
	forget()
	assert (
		frappe.db.get_value(
			"Portal User", {"parent": desk_team.customer, "user": desk_team.member}, "ralom_portal_role"
		)
		== ADMINISTRATOR
	)
	assert customers_for(desk_team.member, "contracts") == (desk_team.customer,)
