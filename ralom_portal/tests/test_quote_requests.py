"""Quote requests ("Cerere Ofertă"): submit through the API, every refusal, files, idempotency,
status transitions, the Quotation mapper, notifications, isolation and the pages."""

from __future__ import annotations

import io
import json
import re
import zipfile

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from ralom_portal.access import rules
from ralom_portal.access.refuse import require_client, require_visible
from ralom_portal.api import quote_requests as api
from ralom_portal.portal.queries import quote_requests as queries
from ralom_portal.ralom_portal.doctype.quote_request import quote_request as controller
from ralom_portal.ralom_portal.doctype.quote_request import submission
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs

DENIED = "This quote request does not exist or you do not have access to it."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# helpers -----------------------------------------------------------------------------------------


def _counts() -> tuple[int, int, int]:
	return (
		frappe.db.count("Quote Request"),
		frappe.db.count("Address"),
		frappe.db.count("File", {"attached_to_doctype": "Quote Request"}),
	)


def _publish(item_code: str, value: int = 1):
	frappe.db.set_value("Item", item_code, "ralom_portal_published", value)


def _xlsx() -> bytes:
	buf = io.BytesIO()
	with zipfile.ZipFile(buf, "w") as z:
		z.writestr("[Content_Types].xml", "<Types/>")
		z.writestr("xl/workbook.xml", "<workbook/>")
	return buf.getvalue()


@pytest.fixture
def quote_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_quote_world)


def _build_quote_world():
	from ralom_portal.tests import factories

	customer, user = factories.client()
	item = factories.item()
	_publish(item.name)
	generic = factories.item()
	staff = factories.staff_user(("Sales User",))
	frappe.db.set_single_value("Client Portal Settings", "generic_item", generic.name)
	frappe.db.set_single_value("Client Portal Settings", "quote_request_recipients", staff.name)
	return refs(customer=customer, user=user, item=item, generic=generic, staff=staff)


@pytest.fixture
def setup(quote_world, factories):
	"""A client (customer + portal user), a published item and a staff recipient (fresh copies)."""
	return fresh({**quote_world, "factories": factories})


def _payload(setup, **kw):
	data = {
		"items": [{"item_code": setup.item.name, "qty": 3}],
		"delivery_option": "Pickup from supplier",
		"requested_date": add_days(nowdate(), 10),
		"remarks": "Vă rugăm ofertă până vineri.",
	}
	data.update(kw)
	return data


def _submit(setup, payload=None, uploads=(), user=None):
	with as_user(user or setup.user.name):
		return submission.create_request(
			require_client(), payload if payload is not None else _payload(setup), uploads
		)


def _refused(setup, payload, message, uploads=(), exc=frappe.ValidationError):
	before = _counts()
	with pytest.raises(exc) as error:
		_submit(setup, payload, uploads)
	assert message in str(error.value), str(error.value)
	assert _counts() == before
	return error


def _address(customer: str, line1="Str. Fabricii 3") -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": customer,
			"address_type": "Shipping",
			"address_line1": line1,
			"city": "Cluj-Napoca",
			"country": "Romania",
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	).insert(ignore_permissions=True)
	return doc.name


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


# attachments ---------------------------------------------------------------------------------------


def test_drawings_are_stored_as_private_files_of_the_request(setup):
	name = _submit(setup, uploads=[("plan.pdf", PDF), ("schita.PNG", PNG), ("oferta.xlsx", _xlsx())])["name"]
	files = frappe.get_all(
		"File",
		{"attached_to_doctype": "Quote Request", "attached_to_name": name},
		["file_name", "is_private", "file_url"],
	)
	assert len(files) == 3
	assert all(f.is_private and f.file_url.startswith("/private/files/") for f in files)
	assert [f.file_name for f in queries.request((setup.customer.name,), name).files]


def test_forbidden_file_type_is_refused(setup):
	_refused(setup, None, "virus.exe: this file type is not allowed.", uploads=[("virus.exe", b"MZ\x90\x00")])
	_refused(setup, None, "page.html: this file type is not allowed.", uploads=[("page.html", b"<html>")])
	_refused(setup, None, "noextension: this file type is not allowed.", uploads=[("noextension", PDF)])


def test_file_with_a_lying_extension_is_refused(setup):
	for filename, content in (
		("plan.pdf", b"<script>alert(1)</script>"),
		("photo.png", PDF),
		("photo.jpg", PNG),
		("sheet.xlsx", b"PK\x03\x04not really a zip"),
		("doc.docx", _xlsx()),
		("drawing.dwg", b"MZ\x90\x00"),
	):
		_refused(
			setup,
			None,
			f"{filename}: the file content does not match its extension.",
			uploads=[(filename, content)],
		)


def test_file_over_the_size_limit_is_refused(setup):
	big = PDF + b"0" * (10 * 1024 * 1024)
	_refused(setup, None, "big.pdf is larger than 10 MB.", uploads=[("big.pdf", big)])


def test_more_than_five_files_are_refused(setup):
	uploads = [(f"p{i}.pdf", PDF + str(i).encode()) for i in range(6)]
	_refused(setup, None, "You can attach at most 5 files.", uploads=uploads)


def test_one_bad_file_among_good_ones_stores_nothing(setup):
	_refused(setup, None, "evil.pdf: the file content", uploads=[("ok.pdf", PDF), ("evil.pdf", b"nope")])


def test_client_attaches_a_file_to_an_open_request(setup):
	name = _submit(setup)["name"]
	as_user(setup.user.name)
	result = submission.attach_files(require_visible("Quote Request", name), [("detaliu.pdf", PDF)])
	as_user("Administrator")
	assert len(result["files"]) == 1
	assert frappe.db.count("File", {"attached_to_doctype": "Quote Request", "attached_to_name": name}) == 1


def test_files_cannot_be_added_to_a_cancelled_request(setup):
	name = _submit(setup)["name"]
	as_user(setup.user.name)
	api.cancel(name)
	with pytest.raises(frappe.ValidationError, match="closed or cancelled"):
		submission.attach_files(require_visible("Quote Request", name), [("detaliu.pdf", PDF)])
	as_user("Administrator")
	assert frappe.db.count("File", {"attached_to_doctype": "Quote Request", "attached_to_name": name}) == 0


# status transitions ----------------------------------------------------------------------------------


def test_client_cancels_a_request_not_yet_quoted(setup):
	name = _submit(setup)["name"]
	as_user(setup.user.name)
	assert api.cancel(name)["status"] == "Cancelled"
	as_user("Administrator")
	doc = frappe.get_doc("Quote Request", name)
	assert [h.status for h in doc.status_history] == ["Submitted", "Cancelled"]
	assert doc.status_history[1].changed_by == setup.user.name


def test_cancelling_a_quoted_request_is_refused(setup):
	name = _submit(setup)["name"]
	doc = frappe.get_doc("Quote Request", name)
	doc.status = "Quoted"
	doc.save(ignore_permissions=True)
	as_user(setup.user.name)
	with pytest.raises(frappe.ValidationError, match="can no longer be cancelled"):
		api.cancel(name)
	as_user("Administrator")
	assert frappe.db.get_value("Quote Request", name, "status") == "Quoted"


def test_staff_move_a_request_through_review_and_closed_ones_stay_closed(setup):
	name = _submit(setup)["name"]
	doc = frappe.get_doc("Quote Request", name)
	for status in ("In Review", "Quoted", "Closed"):
		doc.status = status
		doc.save(ignore_permissions=True)
	assert [h.status for h in doc.status_history] == ["Submitted", "In Review", "Quoted", "Closed"]
	doc.status = "Submitted"
	with pytest.raises(controller.InvalidStatusChange, match="cannot go from Closed to Submitted"):
		doc.save(ignore_permissions=True)


# the Quotation mapper ---------------------------------------------------------------------------------


def test_mapper_makes_a_quotation_for_the_client_with_items_generic_line_address_and_date(setup):
	address = _address(setup.customer.name)
	payload = _payload(
		setup,
		items=[
			{"item_code": setup.item.name, "qty": 7},
			{"description": "Cutie de joncțiune IP65 inox", "qty": 12, "line_note": "cu presetupe"},
		],
		delivery_option="Delivery to address",
		delivery_address=address,
		requested_date=add_days(nowdate(), 20),
	)
	name = _submit(setup, payload)["name"]
	quotation = controller.make_quotation(name)
	assert quotation.quotation_to == "Customer"
	assert quotation.party_name == setup.customer.name
	assert quotation.ralom_quote_request == name
	assert [(i.item_code, i.qty) for i in quotation.items] == [(setup.item.name, 7), (setup.generic.name, 12)]
	assert quotation.items[1].item_name == "Cutie de joncțiune IP65 inox"
	assert "Cutie de joncțiune IP65 inox" in quotation.items[1].description
	assert "cu presetupe" in quotation.items[1].description
	assert quotation.shipping_address_name == address
	# What the client asked lands in labelled fields, not as generated English text in the terms.
	assert quotation.ralom_delivery_option == "Delivery to address"
	assert str(quotation.ralom_requested_date) == str(add_days(nowdate(), 20))
	assert "Delivery" not in (quotation.terms or "") and name not in (quotation.terms or "")
	quotation.insert(ignore_permissions=True)
	assert quotation.docstatus == 0


def test_submitting_the_quotation_marks_the_request_quoted_and_emails_the_client(setup):
	name = _submit(setup)["name"]
	quotation = controller.make_quotation(name)
	for row in quotation.items:
		row.rate = 100
	quotation.insert(ignore_permissions=True)
	assert frappe.db.get_value("Quote Request", name, "status") == "Submitted"
	quotation.submit()
	assert frappe.db.get_value("Quote Request", name, "status") == "Quoted"
	emails = frappe.get_all(
		"Email Queue", {"reference_doctype": "Quote Request", "reference_name": name}, pluck="name"
	)
	recipients = frappe.get_all("Email Queue Recipient", {"parent": ("in", emails)}, pluck="recipient")
	assert setup.user.name in recipients
	shown = queries.request((setup.customer.name,), name)
	assert shown.offers == [quotation.name] and not shown.cancellable
	# A second quotation from the same request is allowed; the request stays Quoted.
	again = controller.make_quotation(name)
	for row in again.items:
		row.rate = 90
	again.insert(ignore_permissions=True)
	again.submit()
	assert frappe.db.get_value("Quote Request", name, "status") == "Quoted"
	assert sorted(queries.request((setup.customer.name,), name).offers) == sorted(
		[quotation.name, again.name]
	)


def test_mapper_needs_the_generic_item_for_free_text_lines(setup):
	name = _submit(setup, _payload(setup, items=[{"description": "Ceva special", "qty": 1}]))["name"]
	frappe.db.set_single_value("Client Portal Settings", "generic_item", None)
	with pytest.raises(frappe.ValidationError, match="Generic Item"):
		controller.make_quotation(name)


def test_mapper_is_refused_to_portal_users(setup):
	name = _submit(setup)["name"]
	as_user(setup.user.name)
	with pytest.raises(frappe.PermissionError):
		controller.make_quotation(name)
	as_user("Administrator")


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


# over HTTP -----------------------------------------------------------------------------------------


def test_client_submits_over_http_with_csrf_and_sees_the_request(server, demo_logins):
	logins, password = demo_logins
	from ralom_portal.demo.dataset import CLIENTS

	owner_email = logins[CLIENTS[0]["name"]][0]
	c = server.client(owner_email, password)
	c.open_portal()
	page = c.get("/portal/quote-requests")
	assert page.status_code == 200
	assert "CO-" in page.text
	assert c.get("/portal/quote-requests/new").status_code == 200

	item = frappe.db.get_value("Item", {"ralom_portal_published": 1, "disabled": 0}, "name")
	found = c.get("/api/method/ralom_portal.api.quote_requests.search_items", params={"txt": item})
	assert found.status_code == 200 and item in [r["item_code"] for r in found.json()["message"]]

	data = {
		"items": [{"item_code": item, "qty": 2}],
		"delivery_option": "Pickup from supplier",
		"remarks": "Test HTTP",
		"submission_key": frappe.generate_hash(length=32),
		"customer": CLIENTS[1]["name"],
	}
	r = c.post(
		"/api/method/ralom_portal.api.quote_requests.submit",
		data={"data": json.dumps(data)},
		files=[("files", ("plan.pdf", PDF, "application/pdf"))],
	)
	assert r.status_code == 200, r.text[:500]
	name = r.json()["message"]["name"]
	frappe.db.rollback()
	assert frappe.db.get_value("Quote Request", name, "customer") == CLIENTS[0]["name"]
	assert frappe.get_all(
		"File",
		{"attached_to_doctype": "Quote Request", "attached_to_name": name, "file_name": ["like", "plan%"]},
		pluck="file_name",
	) == ["plan.pdf"]
	detail = c.get(f"/portal/quote-requests/{name}")
	assert detail.status_code == 200 and "plan" in detail.text

	# The same POST without the session's CSRF token is refused; another client gets the one 403.
	bare = server.client(owner_email, password)
	refused = bare.post("/api/method/ralom_portal.api.quote_requests.submit", data={"data": json.dumps(data)})
	assert refused.status_code in (400, 403)
	other = server.client(logins[CLIENTS[1]["name"]][0], password)
	other.open_portal()
	assert other.get(f"/portal/quote-requests/{name}").status_code == 403
	assert (
		other.post("/api/method/ralom_portal.api.quote_requests.cancel", data={"name": name}).status_code
		== 403
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Quote Request", name, "status") == "Submitted"


def test_demo_has_a_quote_request_in_every_status(demo_data):
	from ralom_portal.demo.dataset import CLIENTS

	statuses = set(frappe.get_all("Quote Request", {"customer": CLIENTS[0]["name"]}, pluck="status"))
	assert {"Submitted", "In Review", "Quoted", "Closed", "Cancelled"} <= statuses
	quoted = frappe.get_all(
		"Quote Request", {"customer": CLIENTS[0]["name"], "status": "Quoted"}, pluck="name"
	)
	assert frappe.db.exists("Quotation", {"ralom_quote_request": ("in", quoted), "docstatus": 1})
