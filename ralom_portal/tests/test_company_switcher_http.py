"""The company switcher over HTTP (issue 27), against the served test site.

The isolation actor "a person in two customers, active on A" (`http_actors.link_two_companies`: the
administrator of client A, a member of client C without invoices), through every record page of the
registry, the PDFs and the record APIs, with a record of each of three customers:
- client A's (active): exactly what client A's own demo user gets;
- client C's (theirs, not active): the switch offer on a record page whose section C grants them, the
  one 404 on C's invoice (C does not grant invoices), and the refusal of a foreign record from every
  API and PDF, byte for byte;
- client B's (not theirs): the one 404, the same bytes as a name that does not exist.
No response names anything of client B. Then the switch itself: POST only, form strings, another
client's company refused like a foreign record with nothing written, remembered across sessions.
"""

import re

import frappe
import pytest

from ralom_portal import sections
from ralom_portal.access import rules
from ralom_portal.access.customers import ACTIVE_CUSTOMER
from ralom_portal.demo.dataset import CLIENTS
from ralom_portal.tests import http_actors, isolation_world
from ralom_portal.tests.api_contract import messages

pytestmark = pytest.mark.http

SWITCH = "/api/method/ralom_portal.api.session.switch_customer"
API = "/api/method/ralom_portal.api.{0}"
DENIED_RO = "Această înregistrare nu există sau nu aveți acces la ea."
# The doctypes whose record a detail page of the registry shows by name.
PAGE_DOCTYPES = tuple(
	dt for s in sections.SECTIONS for dt, entry in s["doctypes"].items() if entry.get("opens") == "name"
)


@pytest.fixture(scope="module")
def world(demo_data):
	world = isolation_world.build()
	_quote_request_of(CLIENTS[2])
	return world


def _quote_request_of(client: dict) -> None:
	"""The demo gives quote requests to client A only; client C gets one, made through the portal's
	own logic as its user (committed, idempotent), so C's quote request page joins the matrix."""
	from frappe.utils import add_days, nowdate

	from ralom_portal.ralom_portal.doctype.quote_request import submission

	customer = client["name"]
	if frappe.db.exists("Quote Request", {"customer": customer}):
		return
	frappe.set_user(client["users"][0]["email"])
	try:
		submission.create_request(
			customer,
			{
				"items": [{"item_code": "RP-CONS", "qty": 2}],
				"delivery_option": "Pickup from supplier",
				"requested_date": add_days(nowdate(), 21),
				"remarks": "",
				"submission_key": "company-switcher-c",
			},
		)
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()


@pytest.fixture(scope="module")
def actors(server, world):
	"""Client A's demo user and the person in two customers (linked for this module only)."""
	http_actors.link_two_companies()
	clients = http_actors.log_in(server, ("client_a", "two_companies"))
	yield clients
	http_actors.unlink_two_companies()


def _first(doctype: str, customer: str) -> str | None:
	"""A record of `customer` that the doctype's rule shows (the first by name)."""
	cond = rules.RULES[doctype]((customer,))
	row = frappe.db.sql(f"select `tab{doctype}`.name from `tab{doctype}` where {cond} order by 1 limit 1")
	return row[0][0] if row else None


def _records(customer: str, world, missing: str | None = None) -> dict:
	"""{doctype or kind: name} of `customer`'s records: the isolation world's for client A; a kind the
	customer has none of is `missing` (a name that does not exist) when one is given."""
	if customer == world.a:
		found = dict(world.records)
		found["validated_invoice"] = frappe.db.get_value(
			"Sales Invoice", {"customer": customer, "docstatus": 1, "ralom_efactura_status": "Validated"}
		)
	else:
		found = {dt: _first(dt, customer) for dt in PAGE_DOCTYPES}
		found["validated_invoice"] = found["Sales Invoice"]
	found["File"] = _first("File", customer)
	if missing:
		found = {k: v or missing for k, v in found.items()}
	assert all(found.values()), (customer, found)
	return found


def _calls(r: dict) -> dict:
	"""{label: (method, path, kwargs)}: the record pages, PDFs and record APIs for records `r`."""
	calls = {f"page:{dt}": ("GET", sections.record_route(dt, r[dt]), {}) for dt in PAGE_DOCTYPES}
	calls |= {
		"invoice_pdf": ("GET", API.format("invoices.invoice_pdf"), {"params": {"name": r["Sales Invoice"]}}),
		"offer_pdf": ("GET", API.format("offers.download_pdf"), {"params": {"name": r["Quotation"]}}),
		"contract_pdf": ("GET", API.format("contracts.download_pdf"), {"params": {"name": r["Contract"]}}),
		"efactura_xml": (
			"GET",
			API.format("efactura.download"),
			{"params": {"name": r["validated_invoice"], "kind": "xml"}},
		),
		"gantt": ("GET", API.format("projects.gantt"), {"params": {"project": r["Project"]}}),
		"file": ("GET", API.format("files.download"), {"params": {"name": r["File"]}}),
		# Writes whose arguments are invalid: allowed, they are refused by validation (417), so a 403
		# shows the access check refused them first; nothing changes either way.
		"accept_offer": (
			"POST",
			API.format("offers.accept"),
			{"data": {"name": r["Quotation"], "content_hash": "x"}},
		),
		"ticket_reply": (
			"POST",
			API.format("tickets.reply"),
			{"data": {"name": r["Support Ticket"], "body": ""}},
		),
		"report_problem": (
			"POST",
			API.format("shipments.report_problem"),
			{"data": {"name": r["Customer Shipment"], "description": "", "submission_key": "k"}},
		),
	}
	return calls


def _ask(client, call) -> tuple[int, bytes]:
	"""(status, body) with what differs on every response taken out: the path asked for and
	Frappe's random id of a refusal (as in test_memberships_http)."""
	method, path, kw = call
	r = client.request(method, path, **kw)
	body = re.sub(rb"(__frappe_exc_id[^0-9a-f]*)[0-9a-f]+", rb"\1<id>", r.content)
	return r.status_code, body.replace(path.encode(), b"<path>")


def _names_of(customer: str) -> list[str]:
	names = [customer, *(n for dt in PAGE_DOCTYPES if (n := _first(dt, customer)))]
	return [n for n in names if len(n) > 4]


def _active_choice() -> str | None:
	frappe.db.rollback()
	return frappe.db.get_value(
		"DefaultValue", {"parent": http_actors.TWO_COMPANIES_EMAIL, "defkey": ACTIVE_CUSTOMER}, "defvalue"
	)


def test_a_person_in_two_customers_active_on_a_gets_its_rows_the_switch_offer_or_the_one_404(actors, world):
	a, b, c = CLIENTS[0]["name"], CLIENTS[1]["name"], CLIENTS[2]["name"]
	assert _active_choice() == a
	two, client_a = actors["two_companies"], actors["client_a"]
	mine, theirs, foreign = _records(a, world), _records(c, world), _records(b, world, "NU-EXISTA-00000")
	b_names = _names_of(b)
	cells = 0
	# Client A's records: exactly what client A's own user gets, and they are shown.
	for label, call in _calls(mine).items():
		status, _body = _ask(two, call)
		expected, _ = _ask(client_a, call)
		assert status == expected, (label, status, expected)
		if call[0] == "GET":
			assert status == 200, (label, status)
		cells += 1
	foreign_calls, their_calls = _calls(foreign), _calls(theirs)
	for label, call in their_calls.items():
		status, body = _ask(two, call)
		f_status, f_body = _ask(two, foreign_calls[label])
		text = body.decode("utf-8", "ignore")
		# Client B's record: the one answer; on a page, the same bytes as a name that does not exist.
		assert f_status in (403, 404), (label, f_status)
		if label.startswith("page:"):
			missing = sections.record_route(label.split(":", 1)[1], "NU-EXISTA-00000")
			assert (f_status, f_body) == _ask(two, ("GET", missing, {})), label
			assert b"ralom-denied" in f_body and b"ralom-switch-offer" not in f_body, label
		if label.startswith("page:") and label != "page:Sales Invoice":
			# Client C's record of a section C grants: the switch offer, naming C, never the record.
			assert status == 403 and "ralom-switch-offer" in text, (label, status)
			assert f'data-switch-customer="{c}"' in text and "Treceți la" in text, label
		else:
			# C's invoice (a section C does not grant them) and every API and PDF: the foreign answer.
			assert (status, body) == (f_status, f_body), (label, status, f_status)
		assert not any(n in text for n in b_names), label
		assert not any(n in f_body.decode("utf-8", "ignore") for n in b_names), label
		cells += 2
	# Nothing was written by the refused writes.
	frappe.db.rollback()
	assert not frappe.db.exists("Portal Offer Decision", {"quotation": theirs["Quotation"]})
	assert not frappe.db.exists(
		"Support Ticket",
		{"reference_doctype": "Customer Shipment", "reference_name": theirs["Customer Shipment"]},
	)
	assert _active_choice() == a
	print(f"company switcher matrix: {cells} cells")


def test_switching_is_post_only_and_refuses_another_clients_company_like_a_foreign_record(actors):
	a, b, c = CLIENTS[0]["name"], CLIENTS[1]["name"], CLIENTS[2]["name"]
	two = actors["two_companies"]
	assert two.get(SWITCH, params={"customer": c}).status_code == 403
	for customer in (b, "", "x" * 200, '{"not": json'):
		r = two.post(SWITCH, data={"customer": customer})
		assert r.status_code == 403, (customer, r.status_code)
		assert messages(r) == [DENIED_RO], (customer, messages(r))
	r = two.post(SWITCH, data={})
	assert r.status_code == 403 and messages(r) == [DENIED_RO]
	# Without the session's CSRF token the gate refuses it.
	r = two.post(SWITCH, data={"customer": c}, headers={"X-Frappe-CSRF-Token": "forged"})
	assert r.status_code in (400, 403), r.status_code
	# Client A's own user may not switch into client C either.
	r = actors["client_a"].post(SWITCH, data={"customer": c})
	assert r.status_code == 403 and messages(r) == [DENIED_RO]
	assert _active_choice() == a
	frappe.db.rollback()
	assert not frappe.db.exists(
		"DefaultValue", {"parent": CLIENTS[0]["users"][0]["email"], "defkey": ACTIVE_CUSTOMER}
	)


def test_switching_to_the_other_company_shows_its_records_and_offers_the_way_back(actors, server, world):
	a, c = CLIENTS[0]["name"], CLIENTS[2]["name"]
	two = actors["two_companies"]
	a_offer, c_offer = world.records["Quotation"], _first("Quotation", c)
	a_offers = frappe.get_all("Quotation", {"party_name": a, "docstatus": 1}, pluck="name")
	try:
		r = two.post(SWITCH, data={"customer": c})
		assert r.status_code == 200 and r.json()["message"] == {"customer": c}
		assert _active_choice() == c
		assert two.get(f"/portal/offers/{c_offer}").status_code == 200
		back = two.get(f"/portal/offers/{a_offer}")
		assert back.status_code == 403 and f'data-switch-customer="{a}"' in back.text
		listed = two.get("/portal/offers").text
		assert c_offer in listed and not any(name in listed for name in a_offers)
		# C grants no invoices: the sidebar leaves them out while C is active.
		assert 'href="/portal/invoices"' not in two.get("/portal").text
		# Remembered for the user: a new session starts on C.
		again = http_actors.log_in(server, ("two_companies",))["two_companies"]
		page = again.get("/portal").text
		assert re.search(rf'<option value="{re.escape(c)}" selected>', page)
	finally:
		r = two.post(SWITCH, data={"customer": a})
		assert r.status_code == 200
	assert _active_choice() == a
	assert two.get(f"/portal/offers/{a_offer}").status_code == 200
