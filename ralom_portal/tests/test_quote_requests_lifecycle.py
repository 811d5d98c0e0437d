"""Quote requests after submission: files added later, cancelling, staff review and the Quotation
mapper with its notifications."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.access.refuse import require_visible
from ralom_portal.api import quote_requests as api
from ralom_portal.portal.queries import quote_requests as queries
from ralom_portal.ralom_portal.doctype.quote_request import quote_request as controller
from ralom_portal.ralom_portal.doctype.quote_request import submission
from ralom_portal.tests import quote_requests_world
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.quote_requests_world import (
	PDF,
	PNG,
	_address,
	_payload,
	_refused,
	_submit,
	_xlsx,
)

# Fixtures of the world this module shares with its sibling (tests/quote_requests_world.py).
quote_world = quote_requests_world.quote_world
setup = quote_requests_world.setup


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
