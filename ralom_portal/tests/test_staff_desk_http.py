"""The desk side over HTTP: the Client Portal workspace and its number cards load for Sales staff,
the reports run for them, and portal clients get 403 on every report. Plus a screenshot."""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import now_datetime, nowdate

from ralom_portal.tests.test_staff_reports import REPORTS

pytestmark = pytest.mark.http

PASSWORD = "Staff#Desk2026"
SALES_USER = "staff-desk-sales@ralom.ro"
SALES_MANAGER = "staff-desk-manager@ralom.ro"
SALES_USER_RO = "staff-desk-sales-ro@ralom.ro"
SUPPORT = "staff-desk-support@ralom.ro"
ACCOUNTANT = "staff-desk-accountant@ralom.ro"
PAGE = json.dumps({"name": "Client Portal", "title": "Client Portal", "public": 1})
# The JavaScript of a card's dynamic filters, evaluated as the desk would evaluate it.
DYNAMIC = {
	"frappe.datetime.get_today()": lambda: nowdate(),
	"frappe.datetime.now_datetime()": lambda: now_datetime().strftime("%Y-%m-%d %H:%M:%S"),
}


@pytest.fixture(scope="module")
def staff(server):
	from ralom_portal.tests import factories

	factories.committed_staff_user(SALES_USER, PASSWORD, roles=("Sales User",))
	factories.committed_staff_user(SALES_MANAGER, PASSWORD, roles=("Sales Manager",))
	factories.committed_staff_user(SALES_USER_RO, PASSWORD, roles=("Sales User",))
	factories.committed_staff_user(SUPPORT, PASSWORD, roles=("Support Team",))
	frappe.db.set_value("User", SALES_USER_RO, "language", "ro")
	frappe.db.commit()
	return {user: server.client(user, PASSWORD) for user in (SALES_USER, SALES_MANAGER, SUPPORT)}


def _desktop(client) -> dict:
	r = client.get("/api/method/frappe.desk.desktop.get_desktop_page", params={"page": PAGE})
	assert r.status_code == 200, r.text[:300]
	return r.json()["message"]


def _filters(card: dict) -> list:
	filters = json.loads(card["filters_json"] or "[]")
	for doctype, field, op, expression in json.loads(card["dynamic_filters_json"] or "[]"):
		filters.append([doctype, field, op, DYNAMIC[expression.strip()]()])
	return filters


def test_sales_user_gets_the_workspace_with_cards_charts_shortcuts_and_reports(staff):
	page = _desktop(staff[SALES_USER])
	cards = [c["number_card_name"] for c in page["number_cards"]["items"]]
	# A Sales User cannot read access requests (Sales Manager approves them): that card is left out.
	assert cards == [
		"Client Portal New Quote Requests",
		"Client Portal Offers Awaiting Decision",
		"Client Portal Offers Accepted This Month",
		"Client Portal Overdue First Responses",
		"Client Portal Shipments in Transit",
	]
	assert [c["chart_name"] for c in page["charts"]["items"]] == [
		"Client Portal Quote Requests per Week",
		"Client Portal Offer Decisions per Week",
	]
	# Shortcuts too are shown to those who can read the doctype (ERPNext gives Contract to Sales Manager).
	shortcuts = {s["link_to"] for s in page["shortcuts"]["items"]}
	assert shortcuts == {"Quote Request", "Portal Offer Decision", "Support Ticket", "Customer Shipment"}
	reports = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
	assert set(REPORTS) <= reports


def test_sales_manager_also_gets_the_pending_access_requests_card(staff):
	page = _desktop(staff[SALES_MANAGER])
	cards = [c["number_card_name"] for c in page["number_cards"]["items"]]
	assert cards[0] == "Client Portal Pending Access Requests" and len(cards) == 8
	# Portal Invitation is theirs to read (Sales Manager approves invitations): its two cards too.
	assert {"Client Portal Invitations Awaiting Approval", "Client Portal Pending Invitations"} <= set(cards)
	assert {s["link_to"] for s in page["shortcuts"]["items"]} == {
		"Quote Request",
		"Portal Access Request",
		"Portal Offer Decision",
		"Support Ticket",
		"Contract",
		"Portal Invitation",
		"Client Portal Settings",
		"Customer Shipment",
	}


def test_support_team_gets_the_tickets_part_of_the_workspace(staff):
	page = _desktop(staff[SUPPORT])
	assert [c["number_card_name"] for c in page["number_cards"]["items"]] == [
		"Client Portal Overdue First Responses"
	]
	assert {s["link_to"] for s in page["shortcuts"]["items"]} == {"Support Ticket"}


def test_an_accountant_gets_the_e_factura_card_with_the_deadline_reports_figure(server, staff, demo_data):
	"""Accountants see the part of the workspace they can read: the e-Factura card and its report."""
	from ralom_portal.efactura import deadline
	from ralom_portal.tests import factories

	factories.committed_staff_user(ACCOUNTANT, PASSWORD, roles=("Accounts User",))
	client = server.client(ACCOUNTANT, PASSWORD)
	page = _desktop(client)
	assert [c["number_card_name"] for c in page["number_cards"]["items"]] == [
		"Client Portal e-Factura Late or Rejected"
	]
	reports = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
	assert "e-Factura Deadline" in reports
	r = client.get("/api/method/ralom_portal.api.efactura.deadline_card")
	assert r.status_code == 200, r.text[:300]
	frappe.db.rollback()
	assert r.json()["message"]["value"] == len(deadline.late())
	# A Sales User (no invoices) gets the card's one refusal.
	r = staff[SALES_USER].get("/api/method/ralom_portal.api.efactura.deadline_card")
	assert r.status_code == 403


def test_number_cards_load_for_a_sales_user_with_the_site_figures(staff, demo_data):
	client = staff[SALES_USER]
	for name in [c["number_card_name"] for c in _desktop(client)["number_cards"]["items"]]:
		r = client.get(f"/api/resource/Number Card/{name}")
		assert r.status_code == 200, (name, r.text[:200])
		card = r.json()["data"]
		filters = _filters(card)
		r = client.get(
			"/api/method/frappe.desk.doctype.number_card.number_card.get_result",
			params={"doc": json.dumps(card), "filters": json.dumps(filters)},
		)
		assert r.status_code == 200, (name, r.text[:300])
		frappe.db.rollback()  # see what the server committed
		expected = len(frappe.get_all(card["document_type"], filters=filters, pluck="name"))
		assert r.json()["message"] == expected, name


def test_the_demo_has_something_to_count(staff, demo_data):
	# The demo gives the workspace non-zero figures to look at (one submitted request per client).
	assert frappe.db.count("Quote Request", {"status": "Submitted"}) >= 1


@pytest.mark.parametrize("report", REPORTS)
def test_sales_user_runs_each_report_over_http(staff, report):
	r = staff[SALES_USER].get("/api/method/frappe.desk.query_report.run", params={"report_name": report})
	assert r.status_code == 200, r.text[:300]
	assert isinstance(r.json()["message"]["result"], list)
	# The desk loads the report's filters from its JS.
	r = staff[SALES_USER].get(
		"/api/method/frappe.desk.query_report.get_script", params={"report_name": report}
	)
	assert r.status_code == 200 and f'frappe.query_reports["{report}"]' in r.json()["message"]["script"]


@pytest.mark.parametrize("report", REPORTS)
def test_portal_client_gets_403_on_each_report(server, demo_logins, report):
	logins, password = demo_logins
	client = server.client(next(iter(logins.values()))[0], password)
	for method in ("frappe.desk.query_report.run", "frappe.desk.query_report.get_script"):
		r = client.get(f"/api/method/{method}", params={"report_name": report})
		assert r.status_code == 403, (method, r.status_code)
		assert "result" not in r.text
	r = client.get("/api/method/frappe.desk.desktop.get_desktop_page", params={"page": PAGE})
	assert r.status_code == 403 and "number_cards" not in r.text


def test_sql_in_a_report_filter_is_refused_over_http(staff):
	r = staff[SALES_USER].get(
		"/api/method/frappe.desk.query_report.run",
		params={
			"report_name": "Portal Offer Decisions",
			"filters": json.dumps({"from_date": "2026-01-01' or 1=1 --"}),
		},
	)
	assert r.status_code == 417, r.status_code
	assert "is not a valid date" in r.text


def _ro(label: str) -> str:
	from frappe.translate import get_all_translations

	english = {k.lower(): v for k, v in get_all_translations("ro").items()}
	return (english.get(label) or label).lower()


@pytest.mark.browser
@pytest.mark.parametrize("user,shot", [(SALES_USER_RO, "ro")])  # Romanian first; labels in EN: HTTP tests
def test_screenshot_of_the_workspace_for_a_sales_user(staff, server, browser, demo_data, user, shot):
	from ralom_portal.tests.browser import ARTIFACTS, login

	context = browser.new_context(viewport={"width": 1280, "height": 1400})
	page = context.new_page()
	try:
		login(page, server.url, user, PASSWORD)
		page.goto(server.url + "/app/client-portal")
		# Five cards for a Sales User (not the access requests one), each with its figure, and two charts.
		page.wait_for_function(
			"document.querySelectorAll('.number-widget-box .number').length === 5", timeout=60000
		)
		page.wait_for_function(
			"document.querySelectorAll('.dashboard-widget-box svg').length >= 2", timeout=60000
		)
		page.wait_for_timeout(1000)  # the charts animate in
		text = page.inner_text(".layout-main-section").lower()
		for label in (
			"new quote requests",
			"portal offer decisions",
			"client portal activity",
			"portal users",
		):
			assert label in text or _ro(label) in text, label
		frappe.db.rollback()
		new_requests = page.inner_text(".number-widget-box:first-child .number").strip()
		assert new_requests == str(frappe.db.count("Quote Request", {"status": "Submitted"}))
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / f"staff-workspace-client-portal-{shot}.png"), full_page=True)
	finally:
		context.close()


def test_production_smoke_script_passes_against_the_served_site(server, demo_logins):
	import subprocess
	import sys
	from pathlib import Path

	logins, password = demo_logins
	script = Path(__file__).resolve().parents[2] / "scripts" / "smoke.py"
	args = [sys.executable, str(script), server.url, "--user", next(iter(logins.values()))[0]]
	done = subprocess.run([*args, "--password", password], capture_output=True, text=True, timeout=120)
	assert done.returncode == 0, done.stdout + done.stderr
	from ralom_portal.sections import SECTIONS

	for key in (s["key"] for s in SECTIONS):
		assert f"PASS  section {key}" in done.stdout
	assert "PASS  asset" in done.stdout and done.stdout.strip().endswith("OK")
	# A wrong password fails the run.
	done = subprocess.run([*args, "--password", "wrong"], capture_output=True, text=True, timeout=120)
	assert done.returncode == 1 and "FAIL  login" in done.stdout
