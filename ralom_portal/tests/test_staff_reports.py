"""The desk reports of the Client Portal: figures against known data, filters refused or escaped,
a fixed number of queries, and only staff roles may run them."""

from __future__ import annotations

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, nowdate

from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs

REPORTS = ("Portal Offer Decisions", "Client Portal Activity", "Portal Users")


def _report(name: str, **filters) -> list[dict]:
	return run(name, filters=filters)["result"]


def _quote_request(customer: str, status: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Quote Request",
			"customer": customer,
			"customer_name": customer,
			"status": status,
			"request_date": nowdate(),
		}
	)
	doc.db_insert()  # the report reads the table; the portal's submission rules are tested elsewhere
	return doc.name


def _decision(quotation, customer, user, decision, *, at=None, ip="203.0.113.7", reason=None, detail=None):
	at = at or now_datetime()
	frappe.get_doc(
		{
			"doctype": "Portal Offer Decision",
			"quotation": quotation,
			"customer": customer,
			"decision": decision,
			"user": user,
			"decided_at": at,
			"ip_address": ip,
			"lost_reason": reason,
			"detail": detail,
		}
	).db_insert()
	frappe.db.set_value(
		"Quotation",
		quotation,
		{"ralom_portal_decision": decision, "ralom_portal_decided_by": user, "ralom_portal_decided_at": at},
		update_modified=False,
	)


def _ticket(customer: str, user: str, status: str) -> None:
	"""A ticket row (the portal's own ticket code is exercised by the open ticket of the world)."""
	frappe.get_doc(
		{
			"doctype": "Support Ticket",
			"subject": "Întrebare",
			"customer": customer,
			"raised_by": user,
			"status": status,
		}
	).db_insert()


@pytest.fixture
def world_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_world)


@pytest.fixture
def world(world_world):
	"""Client A: two portal users (one disabled), 2 open + 1 closed requests, one offer awaiting its
	decision, one accepted, one expired, one open ticket. Client B: one user, one request in review,
	one rejected offer, one closed ticket. Client C: no portal users."""
	return fresh(world_world)


def _build_world():
	from ralom_portal.tests import factories

	a, a1 = factories.client()
	a2 = factories.portal_user(a.name)
	frappe.db.set_value("User", a2.name, "enabled", 0)
	b, b1 = factories.client()
	c = factories.customer()
	frappe.db.set_value("User", a1.name, {"last_login": "2026-11-20 10:00:00", "last_ip": "198.51.100.1"})
	frappe.db.set_value("User", a2.name, "last_login", "2026-11-25 08:30:00")
	for status in ("Submitted", "Submitted", "Closed"):
		_quote_request(a.name, status)
	_quote_request(b.name, "In Review")
	item = factories.item().name
	awaiting = factories.quotation(a.name, [(item, 1, 100)])
	accepted = factories.quotation(a.name, [(item, 1, 200)])
	expired = factories.quotation(
		a.name,
		[(item, 1, 300)],
		transaction_date=add_days(nowdate(), -20),
		valid_till=add_days(nowdate(), -1),
	)
	rejected = factories.quotation(b.name, [(item, 1, 400)])
	# An hour ago, but today: between midnight and 1 a.m. (site time) an hour ago is yesterday, and
	# the report's "today" would not list it.
	earlier_today = max(add_to_date(now_datetime(), hours=-1), get_datetime(nowdate()))
	_decision(accepted.name, a.name, a1.name, "Accepted", at=earlier_today)
	_decision(
		rejected.name,
		b.name,
		b1.name,
		"Rejected",
		ip="198.51.100.9",
		reason="Preț prea mare",
		detail="Bugetul e mic",
	)
	factories.ticket(a.name, a1.name)
	_ticket(b.name, b1.name, "Closed")
	return refs(
		a=a.name,
		b=b.name,
		c=c.name,
		a1=a1.name,
		a2=a2.name,
		b1=b1.name,
		awaiting=awaiting.name,
		accepted=accepted.name,
		expired=expired.name,
		rejected=rejected.name,
	)


# Figures: one world (the slow part), each report checked against it ---------------------------------


def test_each_report_matches_the_known_data(world):
	_check_activity_counts_users_last_login_and_open_work_per_customer(world)
	_check_offer_decisions_show_who_when_ip_and_reason(world)
	_check_portal_users_lists_every_link_enabled_or_not(world)  # last: it disables client B


def _check_activity_counts_users_last_login_and_open_work_per_customer(world):
	rows = {r["customer"]: r for r in _report("Client Portal Activity")}
	a, b = rows[world.a], rows[world.b]
	assert (a["users"], a["enabled_users"]) == (2, 1)
	# The last login of any of its users, enabled or not.
	assert str(a["last_login"]).startswith("2026-11-25 08:30")
	# Open requests: 2 Submitted (the Closed one is not open); offers: the expired and the decided
	# ones do not await a decision; tickets: the open one.
	assert (a["open_quote_requests"], a["open_offers"], a["open_tickets"]) == (2, 1, 1)
	assert (
		b["users"],
		b["enabled_users"],
		b["open_quote_requests"],
		b["open_offers"],
		b["open_tickets"],
	) == (
		1,
		1,
		1,
		0,
		0,
	)
	assert world.c not in rows  # no portal users, no row

	assert [r["customer"] for r in _report("Client Portal Activity", customer=world.a)] == [world.a]
	company = frappe.db.get_value("Quotation", world.awaiting, "company")
	assert _report("Client Portal Activity", customer=world.a, company=company)[0]["open_offers"] == 1


def _check_portal_users_lists_every_link_enabled_or_not(world):
	rows = {(r["customer"], r["user"]): r for r in _report("Portal Users", customer=world.a)}
	assert set(rows) == {(world.a, world.a1), (world.a, world.a2)}
	assert (rows[(world.a, world.a1)]["enabled"], rows[(world.a, world.a1)]["has_access"]) == (1, 1)
	assert (rows[(world.a, world.a2)]["enabled"], rows[(world.a, world.a2)]["has_access"]) == (0, 0)
	assert rows[(world.a, world.a1)]["last_ip"] == "198.51.100.1"
	assert [r["user"] for r in _report("Portal Users", customer=world.a, state="Disabled")] == [world.a2]
	assert [r["user"] for r in _report("Portal Users", search=world.a2)] == [world.a2]
	# LIKE wildcards and SQL are matched as text: nothing is widened, nothing breaks.
	for text in ("%", "_", "' or '1'='1", "x%' or 1=1 -- "):
		assert _report("Portal Users", search=text) == []
	assert frappe.db.count("Portal User") > 0

	# A disabled customer: its enabled user is listed, without access.
	frappe.db.set_value("Customer", world.b, "disabled", 1)
	(row,) = _report("Portal Users", customer=world.b)
	assert (row["enabled"], row["customer_disabled"], row["has_access"]) == (1, 1, 0)


def _check_offer_decisions_show_who_when_ip_and_reason(world):
	today = nowdate()
	rows = {r["quotation"]: r for r in _report("Portal Offer Decisions", from_date=today, to_date=today)}
	accepted, rejected = rows[world.accepted], rows[world.rejected]
	assert (accepted["customer"], accepted["user"], accepted["ip_address"]) == (
		world.a,
		world.a1,
		"203.0.113.7",
	)
	assert (rejected["user"], rejected["ip_address"]) == (world.b1, "198.51.100.9")
	assert (rejected["lost_reason"], rejected["detail"]) == ("Preț prea mare", "Bugetul e mic")
	assert rejected["grand_total"] == 400
	assert world.awaiting not in rows and world.expired not in rows

	only = _report("Portal Offer Decisions", decision="Rejected", customer=world.b)
	assert [r["quotation"] for r in only] == [world.rejected]
	assert _report("Portal Offer Decisions", customer=world.a, decision="Rejected") == []
	assert _report("Portal Offer Decisions", customer=world.a, to_date=add_days(today, -1)) == []

	frappe.local.lang = "ro"
	try:
		(row,) = _report("Portal Offer Decisions", customer=world.a)
		assert row["decision"] == "Acceptată"
	finally:
		frappe.local.lang = "en"


# Bad input ----------------------------------------------------------------------------------------

BAD = [
	(
		"Portal Offer Decisions",
		{"from_date": "2026-13-45"},
		"From Date is not a valid date (use YYYY-MM-DD).",
	),
	("Portal Offer Decisions", {"to_date": "2026-01-01' or 1=1 --"}, "To Date is not a valid date"),
	(
		"Portal Offer Decisions",
		{"from_date": "2026-02-01", "to_date": "2026-01-01"},
		"From Date must be before",
	),
	("Portal Offer Decisions", {"from_date": "2015-01-01", "to_date": "2026-01-01"}, "at most 5 years"),
	("Portal Offer Decisions", {"decision": "Accepted' or '1'='1"}, "Decision must be one of"),
	("Portal Offer Decisions", {"company": "Other Company SRL"}, "Company Other Company SRL does not exist"),
	("Client Portal Activity", {"company": "' or 1=1 -- "}, "does not exist or is not one you can report on"),
	("Client Portal Activity", {"customer": "x' or '1'='1"}, "Customer x' or '1'='1 does not exist."),
	("Portal Users", {"state": "Enabled' or 1=1"}, "Status must be one of"),
	("Portal Users", {"search": "a" * 500}, "User or Customer is not valid."),
]


@pytest.mark.parametrize("report,filters,message", BAD)
def test_bad_filters_are_refused_with_a_translated_message(report, filters, message):
	with pytest.raises(frappe.ValidationError) as refused:
		_report(report, **filters)
	assert message in str(refused.value)


def test_refusal_is_in_romanian_for_a_romanian_user():
	frappe.local.lang = "ro"
	try:
		with pytest.raises(frappe.ValidationError) as refused:
			_report("Portal Offer Decisions", from_date="2026-02-01", to_date="2026-01-01")
		assert "Data de început trebuie să fie înaintea datei de sfârșit." in str(refused.value)
	finally:
		frappe.local.lang = "en"


def test_a_company_the_user_may_not_see_is_refused(factories):
	from ralom_portal.setup.company import default_company

	company = default_company()
	other = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": "Alta Firma SRL",
			"abbr": "AFS",
			"default_currency": "RON",
			"country": "Romania",
		}
	)
	other.insert(ignore_permissions=True)
	staff = factories.staff_user()
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": staff.name,
			"allow": "Company",
			"for_value": company,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	frappe.set_user(staff.name)
	assert _report("Client Portal Activity", company=company) is not None
	with pytest.raises(frappe.ValidationError, match="does not exist or is not one you can report on"):
		_report("Client Portal Activity", company=other.name)


# Queries and roles --------------------------------------------------------------------------------


def _client_with_activity(factories) -> None:
	"""A client with a user, a submitted request, an open ticket and a decision: a row in each report."""
	c, u = factories.client()
	_quote_request(c.name, "Submitted")
	frappe.get_doc(
		{
			"doctype": "Support Ticket",
			"subject": "Întrebare",
			"customer": c.name,
			"raised_by": u.name,
			"status": "Open",
		}
	).db_insert()
	frappe.get_doc(
		{
			"doctype": "Portal Offer Decision",
			"quotation": factories.unique("Q"),
			"customer": c.name,
			"decision": "Accepted",
			"user": u.name,
			"decided_at": now_datetime(),
		}
	).db_insert()


def test_report_query_counts_do_not_grow_with_the_rows(factories):
	from frappe.desk.query_report import get_report_doc

	def measure():
		counts = {}
		for report in REPORTS:
			doc = get_report_doc(report)
			counts[report] = count_queries(lambda doc=doc: doc.execute_script_report({}))
		return counts

	_client_with_activity(factories)
	few = measure()
	for _ in range(2):
		_client_with_activity(factories)
	assert measure() == few


def test_sales_user_may_run_every_report(factories):
	frappe.set_user(factories.staff_user(("Sales User",)).name)
	for report in REPORTS:
		assert run(report, filters={})["result"] is not None, report


def test_customer_role_may_not_run_any_report(factories):
	_, user = factories.client()
	assert "Customer" in frappe.get_roles(user.name)
	frappe.set_user(user.name)
	for report in REPORTS:
		with pytest.raises(frappe.PermissionError):
			run(report, filters={})
