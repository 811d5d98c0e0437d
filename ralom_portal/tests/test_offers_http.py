"""Offers over HTTP (committed demo data, served site): the list and detail pages, the PDF, the
decisions with their evidence and the CSRF token, and every refusal."""

from __future__ import annotations

import re

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.tests.offers_world import _hash, _purge


def _demo_offers(customer: str, status: str | None = None) -> list[str]:
	filters = {"party_name": customer, "docstatus": 1}
	if status:
		filters["status"] = status
	return frappe.get_all("Quotation", filters, pluck="name")


def _undecided_open_offer(customer: str) -> str:
	# get_all (not get_value): its "is not set" also matches "", the field's value on a fresh site.
	names = frappe.get_all(
		"Quotation",
		{
			"party_name": customer,
			"docstatus": 1,
			"status": "Open",
			"valid_till": [">=", nowdate()],
			"ralom_portal_decision": ["is", "not set"],
		},
		pluck="name",
		order_by="name asc",
		limit=1,
	)
	assert names
	return names[0]


def test_demo_has_one_portal_accepted_offer_per_client(demo_logins):
	logins, _password = demo_logins
	for customer, users in logins.items():
		rows = frappe.get_all(
			"Portal Offer Decision", {"customer": customer, "decision": "Accepted"}, ["quotation", "user"]
		)
		assert len(rows) == 1 and rows[0].user == users[0], (customer, rows)
		assert frappe.db.get_value("Quotation", rows[0].quotation, "ralom_portal_decision") == "Accepted"


def test_accepted_demo_offer_is_listed_as_accepted_over_http(two_clients):
	a, client_a, _b = two_clients
	accepted = frappe.db.get_value(
		"Portal Offer Decision", {"customer": a, "decision": "Accepted"}, "quotation"
	)
	r = client_a.get("/portal/offers", params={"status": "Accepted"})
	assert r.status_code == 200 and accepted in r.text
	page = client_a.get(f"/portal/offers/{accepted}")
	assert page.status_code == 200
	assert 'data-decision="Accepted"' in page.text and 'data-action="accept"' not in page.text


@pytest.fixture(scope="module")
def two_clients(server, demo_logins):
	logins, password = demo_logins
	(a, a_users), (b, b_users) = list(logins.items())[:2]
	client_a = server.client(a_users[0], password)
	client_a.open_portal()
	return a, client_a, b


def test_offers_page_lists_own_offers_and_not_another_clients(two_clients):
	a, client_a, b = two_clients
	r = client_a.get("/portal/offers")
	assert r.status_code == 200
	for name in _demo_offers(a):
		assert name in r.text
	for name in _demo_offers(b):
		assert name not in r.text


def test_offers_page_filters_by_allowlisted_status(two_clients):
	a, client_a, _b = two_clients
	lost = _demo_offers(a, "Lost")
	r = client_a.get("/portal/offers", params={"status": "Lost"})
	assert r.status_code == 200
	assert all(name in r.text for name in lost)
	assert not any(name in r.text for name in _demo_offers(a, "Ordered"))
	r = client_a.get("/portal/offers", params={"status": "' or 1=1 --"})
	assert r.status_code == 200
	assert all(name in r.text for name in _demo_offers(a))


def test_offer_page_shows_own_open_offer_with_decision_buttons(two_clients):
	a, client_a, _b = two_clients
	name = _undecided_open_offer(a)
	r = client_a.get(f"/portal/offers/{name}")
	assert r.status_code == 200
	assert 'data-action="accept"' in r.text and 'data-action="show-reject"' in r.text
	assert re.search(r'data-content-hash="([0-9a-f]{64})"', r.text).group(1) == _hash(name)
	assert "download_pdf" in r.text


def test_another_clients_offer_page_is_403(two_clients):
	_a, client_a, b = two_clients
	r = client_a.get(f"/portal/offers/{_demo_offers(b)[0]}")
	assert r.status_code == 403
	assert _demo_offers(b)[0] not in r.text
	missing = client_a.get("/portal/offers/SAL-QTN-NOPE-0001")
	assert missing.status_code == 403


def test_accept_and_reject_refuse_get_over_http(two_clients):
	a, client_a, _b = two_clients
	name = _undecided_open_offer(a)
	for method in ("accept", "reject"):
		r = client_a.get(
			f"/api/method/ralom_portal.api.offers.{method}", params={"name": name, "reason": "x"}
		)
		assert r.status_code == 403, (method, r.status_code)
	frappe.db.rollback()
	assert frappe.db.get_value("Quotation", name, "status") == "Open"
	assert not frappe.db.exists("Portal Offer Decision", {"quotation": name})


def test_own_offer_pdf_over_http_and_another_clients_is_403(two_clients):
	a, client_a, b = two_clients
	r = client_a.get("/api/method/ralom_portal.api.offers.download_pdf", params={"name": _demo_offers(a)[0]})
	assert r.status_code == 200, r.text[:500]
	assert r.headers["Content-Type"].startswith("application/pdf")
	assert r.headers["X-Content-Type-Options"] == "nosniff"
	assert r.content.startswith(b"%PDF")
	other = client_a.get(
		"/api/method/ralom_portal.api.offers.download_pdf", params={"name": _demo_offers(b)[0]}
	)
	assert other.status_code == 403
	assert b"%PDF" not in other.content


def test_draft_offer_pdf_is_403_over_http(two_clients, factories):
	a, client_a, _b = two_clients
	draft = factories.quotation(a, [("RP-CONS", 1, 250)], submit=False)
	frappe.db.commit()
	try:
		r = client_a.get("/api/method/ralom_portal.api.offers.download_pdf", params={"name": draft.name})
		assert r.status_code == 403
	finally:
		_purge("Quotation", draft.name)


def test_accept_over_http_records_ip_and_user_agent_and_needs_the_csrf_token(server, demo_logins):
	logins, password = demo_logins
	customer, users = list(logins.items())[2]
	q = frappe.get_doc("Quotation", _committed_offer(customer))
	try:
		client = server.client(users[-1], password)
		no_token = client.post(
			"/api/method/ralom_portal.api.offers.accept", data={"name": q.name, "content_hash": _hash(q.name)}
		)
		assert no_token.status_code in (400, 403)
		client.open_portal()
		page = client.get(f"/portal/offers/{q.name}")
		content = re.search(r'data-content-hash="([0-9a-f]{64})"', page.text).group(1)
		r = client.post(
			"/api/method/ralom_portal.api.offers.accept",
			data={"name": q.name, "content_hash": content},
			headers={"User-Agent": "ralom-test-agent/1.0"},
		)
		assert r.status_code == 200, r.text[:500]
		again = client.post(
			"/api/method/ralom_portal.api.offers.accept", data={"name": q.name, "content_hash": content}
		)
		assert again.status_code == 417 and again.json()["exc_type"] == "AlreadyDecided"
		frappe.db.rollback()
		d = frappe.get_doc("Portal Offer Decision", {"quotation": q.name})
		assert (d.user, d.ip_address, d.user_agent, d.content_hash) == (
			users[-1],
			"127.0.0.1",
			"ralom-test-agent/1.0",
			content,
		)
		assert frappe.db.get_value("Sales Order", d.sales_order, ["customer", "docstatus"]) == (customer, 0)
	finally:
		frappe.db.rollback()
		_purge_offer(q.name)


def _committed_offer(customer: str) -> str:
	from ralom_portal.demo import builders

	q = builders.make_quotation(customer, [("RP-CONS", 2, 250)], valid_till=add_days(nowdate(), 5))
	frappe.db.commit()
	return q.name


def _purge_offer(name: str) -> None:
	for so in set(frappe.get_all("Sales Order Item", {"prevdoc_docname": name}, pluck="parent")):
		_purge("Sales Order", so)
	frappe.db.sql("delete from `tabPortal Offer Decision` where quotation = %s", name)
	frappe.db.sql(
		"delete from `tabNotification Log` where document_type = 'Quotation' and document_name = %s", name
	)
	_purge("Quotation", name)
