"""Quote requests ("Cerere Ofertă"): submit through the API, every refusal, idempotency, isolation
and the list. After submission (files, cancelling, staff review, the Quotation mapper):
`test_quote_requests_lifecycle.py`; over HTTP: `test_quote_requests_http.py`."""

from __future__ import annotations

import json
import re

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from ralom_portal.access import rules
from ralom_portal.api import quote_requests as api
from ralom_portal.portal.queries import quote_requests as queries
from ralom_portal.tests import quote_requests_world
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.quote_requests_world import (
	DENIED,
	_address,
	_payload,
	_publish,
	_refused,
	_submit,
)

# Fixtures of the world this module shares with its sibling (tests/quote_requests_world.py).
quote_world = quote_requests_world.quote_world
setup = quote_requests_world.setup


# happy path ----------------------------------------------------------------------------------------


def test_client_submits_a_request_filed_under_own_customer_with_history_and_notifications(setup):
	as_user(setup.user.name)
	result = api.submit(
		json.dumps(
			_payload(
				setup,
				items=[
					{"item_code": setup.item.name, "qty": "2,5", "line_note": "vopsit RAL 7035"},
					{"description": "Dulap metalic 2000x800x600", "qty": 1, "uom": "Nos"},
				],
			)
		)
	)
	as_user("Administrator")
	doc = frappe.get_doc("Quote Request", result["name"])
	assert re.fullmatch(r"CO-\d{4}-\d{5}", doc.name)
	assert doc.customer == setup.customer.name
	assert doc.requested_by == setup.user.name
	assert doc.status == "Submitted"
	assert [(r.item_code, r.qty, r.uom, r.line_note) for r in doc.items] == [
		(setup.item.name, 2.5, "Nos", "vopsit RAL 7035"),
		(None, 1, "Nos", None),
	]
	assert doc.items[1].description == "Dulap metalic 2000x800x600"
	assert getdate(doc.requested_date) == getdate(add_days(nowdate(), 10))
	assert [(h.status, h.changed_by) for h in doc.status_history] == [("Submitted", setup.user.name)]
	assert doc.status_history[0].changed_at
	# The sales team: an e-mail queued and a desk notification for the staff user.
	assert frappe.db.exists("Email Queue", {"reference_doctype": "Quote Request", "reference_name": doc.name})
	recipients = frappe.get_all(
		"Email Queue Recipient",
		{"parent": ("in", frappe.get_all("Email Queue", {"reference_name": doc.name}, pluck="name"))},
		pluck="recipient",
	)
	assert setup.staff.name in recipients
	assert frappe.db.exists(
		"Notification Log",
		{"document_type": "Quote Request", "document_name": doc.name, "for_user": setup.staff.name},
	)


def test_customer_status_docstatus_owner_and_rates_in_the_payload_are_ignored(setup, factories):
	other, _other_user = factories.client()
	payload = _payload(
		setup,
		customer=other.name,
		status="Quoted",
		docstatus=1,
		owner="Administrator",
		requested_by="Administrator",
		name="CO-HIJACK",
		items=[
			{"item_code": setup.item.name, "qty": 1, "rate": 0.01, "price_list_rate": 0.01, "parent": "X"}
		],
	)
	name = _submit(setup, payload)["name"]
	doc = frappe.get_doc("Quote Request", name)
	assert (doc.customer, doc.status, doc.docstatus, doc.owner, doc.requested_by) == (
		setup.customer.name,
		"Submitted",
		0,
		setup.user.name,
		setup.user.name,
	)
	assert name != "CO-HIJACK"
	assert not hasattr(doc.items[0], "rate") or not doc.items[0].get("rate")


def test_new_address_is_created_and_linked_to_the_client(setup):
	payload = _payload(
		setup,
		delivery_option="Delivery to address",
		new_address={
			"address_line1": "Str. Depozitului 7",
			"city": "Iași",
			"state": "Iași",
			"pincode": "700100",
		},
	)
	doc = frappe.get_doc("Quote Request", _submit(setup, payload)["name"])
	address = frappe.get_doc("Address", doc.delivery_address)
	assert [(l.link_doctype, l.link_name) for l in address.links] == [("Customer", setup.customer.name)]
	assert address.country == "Romania"
	assert "Str. Depozitului 7" in doc.address_display


def test_existing_address_of_the_client_is_used(setup):
	address = _address(setup.customer.name)
	doc = frappe.get_doc(
		"Quote Request",
		_submit(setup, _payload(setup, delivery_option="Delivery to address", delivery_address=address))[
			"name"
		],
	)
	assert doc.delivery_address == address
	opts = queries.form_options((setup.customer.name,), setup.customer.name)
	assert [a.name for a in opts["addresses"]] == [address]


def test_address_is_dropped_when_the_client_picks_up(setup):
	address = _address(setup.customer.name)
	doc = frappe.get_doc("Quote Request", _submit(setup, _payload(setup, delivery_address=address))["name"])
	assert doc.delivery_option == "Pickup from supplier" and not doc.delivery_address


def test_search_lists_only_published_enabled_sales_items(setup, factories):
	hidden = factories.item()
	disabled = factories.item()
	_publish(disabled.name)
	frappe.db.set_value("Item", disabled.name, "disabled", 1)
	as_user(setup.user.name)
	found = {r.item_code for r in api.search_items("ITEM")}
	as_user("Administrator")
	assert setup.item.name in found
	assert hidden.name not in found and disabled.name not in found


def test_search_is_refused_to_guests_and_staff(setup):
	for user in ("Guest", "Administrator"):
		as_user(user)
		with pytest.raises(frappe.PermissionError):
			api.search_items("ITEM")
	as_user("Administrator")


# validation: every refusal stores nothing -----------------------------------------------------------


@pytest.mark.parametrize(
	"qty", [0, -1, "0", "-3", "abc", "NaN", float("nan"), float("inf"), None, True, "", [1]]
)
def test_quantity_that_is_not_a_positive_number_is_refused(setup, qty):
	_refused(
		setup,
		_payload(setup, items=[{"item_code": setup.item.name, "qty": qty}]),
		"Line 1: the quantity must be a number greater than 0.",
	)


@pytest.mark.parametrize("qty", [1e12, "1e12", 1_000_001])
def test_quantity_over_the_cap_is_refused(setup, qty):
	_refused(
		setup,
		_payload(setup, items=[{"item_code": setup.item.name, "qty": qty}]),
		"Line 1: the quantity can be at most",
	)


def test_unknown_disabled_unpublished_and_non_sales_items_are_refused(setup, factories):
	unpublished = factories.item()
	disabled = factories.item()
	_publish(disabled.name)
	frappe.db.set_value("Item", disabled.name, "disabled", 1)
	not_sales = factories.item()
	_publish(not_sales.name)
	frappe.db.set_value("Item", not_sales.name, "is_sales_item", 0)
	for code in ("NO-SUCH-ITEM", unpublished.name, disabled.name, not_sales.name):
		_refused(
			setup,
			_payload(setup, items=[{"item_code": code, "qty": 1}]),
			f"Line 1: item {code} is not available in the catalogue.",
		)


def test_request_without_lines_is_refused(setup):
	for items in ([], None, "x"):
		_refused(setup, _payload(setup, items=items), "Add at least one line to the request.")


def test_request_with_500_lines_is_refused(setup):
	lines = [{"item_code": setup.item.name, "qty": 1}] * 500
	_refused(setup, _payload(setup, items=lines), "A request can have at most 100 lines.")


def test_free_text_line_needs_a_description(setup):
	_refused(setup, _payload(setup, items=[{"qty": 1}]), "Line 1: the description is required.")


def test_one_megabyte_remark_is_refused(setup):
	_refused(setup, _payload(setup, remarks="a" * 1_000_000), "Remarks can be at most 5000 characters long.")


@pytest.mark.parametrize(
	"where",
	["remarks", "description", "line_note", "address"],
)
def test_script_in_any_text_is_refused(setup, where):
	script = '<script>alert("x")</script>'
	payload = _payload(setup)
	if where == "remarks":
		payload["remarks"] = script
		message = "Remarks may not contain HTML or scripts."
	elif where == "description":
		payload["items"] = [{"description": "Panou " + script, "qty": 1}]
		message = "Line 1: the description may not contain HTML or scripts."
	elif where == "line_note":
		payload["items"] = [
			{"item_code": setup.item.name, "qty": 1, "line_note": '<img src=x onerror="alert(1)">'}
		]
		message = "Line 1: the note may not contain HTML or scripts."
	else:
		payload["delivery_option"] = "Delivery to address"
		payload["new_address"] = {"address_line1": script, "city": "Iași"}
		message = "Address may not contain HTML or scripts."
	_refused(setup, payload, message)


def test_requested_date_in_the_past_is_refused(setup):
	_refused(
		setup,
		_payload(setup, requested_date=add_days(nowdate(), -1)),
		"The requested date cannot be in the past.",
	)
	_refused(setup, _payload(setup, requested_date="31.12.2030"), "Please enter a valid requested date.")
	_refused(setup, _payload(setup, requested_date="2030-02-30"), "Please enter a valid requested date.")


def test_unknown_delivery_option_is_refused(setup):
	_refused(setup, _payload(setup, delivery_option="Teleport"), "Please choose a delivery option.")


def test_delivery_without_an_address_is_refused(setup):
	_refused(
		setup,
		_payload(setup, delivery_option="Delivery to address"),
		"Please choose a delivery address or enter a new one.",
	)


def test_address_of_another_customer_is_refused(setup, factories):
	other, _u = factories.client()
	foreign = _address(other.name, "Str. Străină 1")
	for address in (foreign, "NO-SUCH-ADDRESS"):
		_refused(
			setup,
			_payload(setup, delivery_option="Delivery to address", delivery_address=address),
			"Please choose one of your company's addresses.",
		)


def test_refusal_after_a_new_address_writes_no_address(setup):
	payload = _payload(
		setup,
		delivery_option="Delivery to address",
		new_address={"address_line1": "Str. Nouă 1", "city": "Iași"},
		requested_date=add_days(nowdate(), -3),
	)
	_refused(setup, payload, "The requested date cannot be in the past.")


def test_users_without_a_client_cannot_submit(setup, factories):
	loner = factories.portal_user(None)
	for user in (loner.name, "Guest", "Administrator"):
		as_user(user)
		with pytest.raises(frappe.PermissionError):
			api.submit(json.dumps(_payload(setup)))
	as_user("Administrator")


def test_unreadable_payload_is_refused(setup):
	as_user(setup.user.name)
	for data in ("", "not json", "[1, 2]", "x" * 300_000):
		with pytest.raises(frappe.ValidationError):
			api.submit(data)
	as_user("Administrator")


# idempotency ---------------------------------------------------------------------------------------


def test_two_identical_submissions_make_one_request(setup):
	before = frappe.db.count("Quote Request")
	first = _submit(setup, _payload(setup))
	second = _submit(setup, _payload(setup))
	assert second == {"name": first["name"], "duplicate": True}
	assert frappe.db.count("Quote Request") == before + 1


def test_the_same_submission_key_makes_one_request(setup):
	key = "k" * 32
	first = _submit(setup, _payload(setup, submission_key=key))
	second = _submit(setup, _payload(setup, submission_key=key, remarks="retried"))
	assert second["name"] == first["name"] and second["duplicate"]
	third = _submit(setup, _payload(setup, submission_key="z" * 32, remarks="another"))
	assert third["name"] != first["name"] and not third["duplicate"]


# isolation -----------------------------------------------------------------------------------------


def test_client_b_cannot_read_list_cancel_or_attach_to_client_a_request(setup, factories):
	name = _submit(setup)["name"]
	other, stranger = factories.client()
	as_user(stranger.name)
	assert not rules.can_see("Quote Request", name, stranger.name)
	assert queries.request((other.name,), name) is None
	assert name not in [r.name for r in queries.list_requests((other.name,))]
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Quote Request", pluck="name")  # no desk role: no generic listing at all
	assert not frappe.has_permission("Quote Request", "read", doc=name, user=stranger.name)
	for call in (lambda: api.cancel(name), lambda: api.attach(name)):
		with pytest.raises(frappe.PermissionError) as error:
			call()
		assert str(error.value) == DENIED
	as_user("Administrator")
	assert frappe.db.get_value("Quote Request", name, "status") == "Submitted"
	assert frappe.db.count("File", {"attached_to_doctype": "Quote Request", "attached_to_name": name}) == 0


def test_nonexistent_request_gets_the_same_error_as_another_clients(setup):
	as_user(setup.user.name)
	with pytest.raises(frappe.PermissionError) as error:
		api.cancel("CO-2026-99999")
	as_user("Administrator")
	assert str(error.value) == DENIED


def test_client_lists_own_requests_with_line_count_and_offers(setup):
	first = _submit(
		setup,
		_payload(setup, items=[{"item_code": setup.item.name, "qty": 1}, {"description": "X", "qty": 2}]),
	)["name"]
	rows = {r.name: r for r in queries.list_requests((setup.customer.name,))}
	assert rows[first].line_count == 2 and rows[first].offers == [] and rows[first].status == "Submitted"
	assert [r.name for r in queries.list_requests((setup.customer.name,), "Cancelled")] == []


def _bulk_requests(customer: str, item: str, n: int):
	for i in range(n):
		frappe.get_doc(
			{
				"doctype": "Quote Request",
				"customer": customer,
				"delivery_option": "Pickup from supplier",
				"items": [
					{"item_code": item, "qty": i + 1},
					{"description": f"Linie {i}", "qty": 1, "uom": "Nos"},
				],
			}
		).insert(ignore_permissions=True)


def test_list_query_count_does_not_grow_with_the_number_of_requests(setup, factories):
	few, many = factories.customer(), factories.customer()
	_bulk_requests(few.name, setup.item.name, 2)
	_bulk_requests(many.name, setup.item.name, 20)
	assert len(queries.list_requests((many.name,))) == 20
	n_few = count_queries(lambda: queries.list_requests((few.name,)))
	n_many = count_queries(lambda: queries.list_requests((many.name,)))
	assert n_few == n_many == 1


def test_demo_has_a_quote_request_in_every_status(demo_data):
	from ralom_portal.demo.dataset import CLIENTS

	statuses = set(frappe.get_all("Quote Request", {"customer": CLIENTS[0]["name"]}, pluck="status"))
	assert {"Submitted", "In Review", "Quoted", "Closed", "Cancelled"} <= statuses
	quoted = frappe.get_all(
		"Quote Request", {"customer": CLIENTS[0]["name"], "status": "Quoted"}, pluck="name"
	)
	assert frappe.db.exists("Quotation", {"ralom_quote_request": ("in", quoted), "docstatus": 1})
