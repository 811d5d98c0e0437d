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
	return {user: server.client(user, PASSWORD) for user in (SALES_USER, SALES_MANAGER)}


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
	]
	assert [c["chart_name"] for c in page["charts"]["items"]] == [
		"Client Portal Quote Requests per Week",
		"Client Portal Offer Decisions per Week",
	]
	shortcuts = {s["link_to"] for s in page["shortcuts"]["items"]}
	assert {"Quote Request", "Portal Offer Decision", "Support Ticket", "Contract"} <= shortcuts
	assert "Portal Access Request" not in shortcuts
	reports = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
	assert set(REPORTS) <= reports


def test_sales_manager_also_gets_the_pending_access_requests_card(staff):
	cards = [c["number_card_name"] for c in _desktop(staff[SALES_MANAGER])["number_cards"]["items"]]
	assert cards[0] == "Client Portal Pending Access Requests" and len(cards) == 5


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


@pytest.mark.parametrize("report", REPORTS)
def test_portal_client_gets_403_on_each_report(server, demo_logins, report):
	logins, password = demo_logins
	client = server.client(next(iter(logins.values()))[0], password)
	for method in ("frappe.desk.query_report.run", "frappe.desk.query_report.get_script"):
		r = client.get(f"/api/method/{method}", params={"report_name": report})
		assert r.status_code == 403, (method, r.status_code)
		assert "result" not in r.text


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


@pytest.mark.browser
def test_screenshot_of_the_workspace_for_a_sales_user(staff, server, browser, demo_data):
	from ralom_portal.tests.browser import ARTIFACTS, login

	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	page = context.new_page()
	try:
		login(page, server.url, SALES_USER, PASSWORD)
		page.goto(server.url + "/app/client-portal")
		page.wait_for_selector(".number-widget-box .number", timeout=60000)
		page.wait_for_selector(".widget.dashboard-widget-box .chart-container, .frappe-chart", timeout=60000)
		page.wait_for_timeout(1500)
		text = page.inner_text(".layout-main-section")
		assert "New Quote Requests" in text or "Cereri de ofertă noi" in text
		assert "Portal Offer Decisions" in text or "Decizii privind ofertele din portal" in text
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "staff-workspace-client-portal.png"), full_page=True)
	finally:
		context.close()
