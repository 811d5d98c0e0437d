"""Shipments ("Expedieri"): made from Delivery Notes, cancelled with them, invoices linked; status
changes append timeline events and e-mail the client in their language; confirm receipt and report a
problem; client B isolation (proof of delivery included); tracking links; bad input; query counts.
The pages over HTTP: `test_shipments_http.py`."""

from __future__ import annotations

import email
from email.header import decode_header, make_header

import frappe
import pytest

from ralom_portal.access import rules
from ralom_portal.api import shipments as api
from ralom_portal.portal import file_serving
from ralom_portal.portal.queries import dashboard
from ralom_portal.portal.queries import shipments as queries
from ralom_portal.ralom_portal.doctype.customer_shipment import status_updates
from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import InvalidShipment
from ralom_portal.ralom_portal.doctype.shipment_carrier.shipment_carrier import tracking_url
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.utils.mail import in_language

DENIED = "This shipment does not exist or you do not have access to it."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _shipment_of(note: str) -> list[str]:
	return frappe.get_all(
		"Customer Shipment Document",
		{"link_doctype": "Delivery Note", "link_name": note, "parenttype": "Customer Shipment"},
		pluck="parent",
	)


def _mails(name: str) -> list[tuple[list[str], str]]:
	"""(recipients, decoded subject + text) of each e-mail queued about shipment `name`."""
	out = []
	for q in frappe.get_all(
		"Email Queue",
		{"reference_doctype": "Customer Shipment", "reference_name": name},
		pluck="name",
		order_by="creation, name",
	):
		msg = email.message_from_string(frappe.db.get_value("Email Queue", q, "message"))
		text = [str(make_header(decode_header(msg.get("Subject", ""))))]
		for part in msg.walk():
			if part.get_content_maintype() == "text":
				text.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
		recipients = frappe.get_all("Email Queue Recipient", {"parent": q}, pluck="recipient")
		out.append((recipients, "\n".join(text)))
	return out


def _state(name: str):
	doc = frappe.get_doc("Customer Shipment", name)
	return (doc.status, doc.received_confirmed_on, len(doc.events), frappe.db.count("Support Ticket"))


@pytest.fixture(scope="module")
def clients(frappe_site):
	"""Two committed client companies with one Romanian-speaking portal user each (made once: a user
	takes seconds to create). Everything the tests do with them is rolled back."""
	from ralom_portal.demo import builders

	made = []
	for key in ("a", "b"):
		customer = builders.make_customer(f"Expedieri Test {key.upper()} SRL")
		user = builders.make_portal_user(f"expedieri.{key}@example.ro", customer.name, first_name="Client")
		made += [customer.name, user.name]
	frappe.db.commit()
	return made


@pytest.fixture
def setup(clients, factories):
	a, ua, b, ub = clients
	frappe.db.set_value("User", ua, "language", "ro")
	return frappe._dict(
		a=frappe.get_doc("Customer", a),
		ua=frappe.get_doc("User", ua),
		b=frappe.get_doc("Customer", b),
		ub=frappe.get_doc("User", ub),
		factories=factories,
	)


def _refused(call, message, exc=frappe.ValidationError, lang=None):
	previous = frappe.local.lang
	if lang:
		frappe.local.lang = lang
	try:
		with pytest.raises(exc) as error:
			call()
	finally:
		frappe.local.lang = previous
	assert message in str(error.value), str(error.value)


# from ERPNext's documents ---------------------------------------------------------------------------


def test_a_submitted_delivery_note_makes_one_shipment_and_cancelling_it_cancels_the_shipment(setup):
	f = setup.factories
	first, second = f.item().name, f.item().name
	order, note = f.delivery_note(setup.a.name, [(first, 3, 100), (second, 5, 20)])
	names = _shipment_of(note.name)
	assert len(names) == 1
	doc = frappe.get_doc("Customer Shipment", names[0])
	assert (doc.customer, doc.status, doc.auto_created) == (setup.a.name, "Preparing", 1)
	assert sorted((i.item_code, i.qty, i.delivery_note, i.sales_order) for i in doc.items) == sorted(
		[(first, 3, note.name, order.name), (second, 5, note.name, order.name)]
	)
	assert {(d.link_doctype, d.link_name) for d in doc.documents} == {
		("Delivery Note", note.name),
		("Sales Order", order.name),
	}
	assert doc.expected_delivery_date == order.delivery_date
	assert [e.status for e in doc.events] == ["Preparing"]
	# The invoice made from the note joins the shipment, and opens in the portal.
	from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice

	invoice = make_sales_invoice(note.name)
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	doc.reload()
	assert ("Sales Invoice", invoice.name) in {(d.link_doctype, d.link_name) for d in doc.documents}
	page = queries.shipment((setup.a.name,), doc.name)
	assert {d.link_name: d.route for d in page.documents}[invoice.name] == f"/portal/invoices/{invoice.name}"

	_order2, note2 = f.delivery_note(setup.a.name)
	[other] = _shipment_of(note2.name)
	assert rules.can_see("Customer Shipment", other, setup.ua.name)
	note2.reload()
	note2.cancel()
	cancelled = frappe.get_doc("Customer Shipment", other)
	assert cancelled.status == "Cancelled" and not cancelled.items
	assert (cancelled.events[-1].system_note, cancelled.events[-1].reference) == (
		"Delivery note {0} was cancelled.",
		note2.name,
	)
	assert not rules.can_see("Customer Shipment", other, setup.ua.name)
	assert other not in [r.name for r in queries.list_shipments((setup.a.name,))["rows"]]
	# Exactly one shipment per note, still.
	assert len(_shipment_of(note.name)) == 1


def test_a_shipment_never_links_another_customers_documents(setup):
	_order, note_b = setup.factories.delivery_note(setup.b.name)
	doc = setup.factories.shipment(setup.a.name)
	doc.append("documents", {"link_doctype": "Delivery Note", "link_name": note_b.name})
	with pytest.raises(InvalidShipment, match="is not a document of customer"):
		doc.save(ignore_permissions=True)


def test_staff_merge_two_notes_into_one_shipment_and_a_note_stays_in_one_shipment(setup):
	import json

	_o1, first = setup.factories.delivery_note(setup.a.name)
	_o2, second = setup.factories.delivery_note(setup.a.name)
	[keep], [merged] = _shipment_of(first.name), _shipment_of(second.name)
	assert api.merge(keep, json.dumps([merged])) == {"name": keep, "merged": [merged]}
	doc = frappe.get_doc("Customer Shipment", keep)
	assert {i.delivery_note for i in doc.items} == {first.name, second.name}
	gone = frappe.get_doc("Customer Shipment", merged)
	assert gone.status == "Cancelled" and not gone.items and gone.events[-1].reference == keep
	assert not rules.can_see("Customer Shipment", merged, setup.ua.name)
	# A hand-made shipment cannot take a note that already travels in another shipment.
	manual = setup.factories.shipment(setup.a.name)
	manual.append("documents", {"link_doctype": "Delivery Note", "link_name": first.name})
	with pytest.raises(InvalidShipment, match="is already in shipment"):
		manual.save(ignore_permissions=True)
	# Cancelling one of the merged notes takes its items out; the shipment goes on with the other.
	second.reload()
	second.cancel()
	doc.reload()
	assert doc.status == "Preparing" and {i.delivery_note for i in doc.items} == {first.name}


# status changes --------------------------------------------------------------------------------------


def test_a_status_change_appends_an_event_and_emails_the_client_in_their_language(setup):
	_order, note = setup.factories.delivery_note(setup.a.name)
	[name] = _shipment_of(note.name)
	staff = setup.factories.staff_user(("Stock User",))
	as_user(staff.name)
	result = api.update_status(f'["{name}"]', "Shipped", "Depozit Iași", "Predat curierului.")
	as_user("Administrator")
	assert result == {"updated": [name], "failed": []}
	doc = frappe.get_doc("Customer Shipment", name)
	last = doc.events[-1]
	assert (last.status, last.location, last.note, last.logged_by) == (
		"Shipped",
		"Depozit Iași",
		"Predat curierului.",
		staff.name,
	)
	mails = _mails(name)
	assert len(mails) == 1 and mails[0][0] == [setup.ua.name]
	assert f"Expedierea {name} este pe drum" in mails[0][1] and "Predat curierului." in mails[0][1]
	# Every change is in the document's history (Frappe skips Version rows while testing).
	assert frappe.get_meta("Customer Shipment").track_changes
	# In Transit is not e-mailed; Delivered is, and dates the delivery.
	status_updates.set_status([name], "In Transit")
	assert len(_mails(name)) == 1
	frappe.db.set_value("User", setup.ua.name, "language", "en")
	status_updates.set_status([name], "Delivered")
	doc.reload()
	assert [e.status for e in doc.events] == ["Preparing", "Shipped", "In Transit", "Delivered"]
	assert doc.actual_delivery_date
	assert f"Your shipment {name} was delivered" in _mails(name)[-1][1]
	# A move the workflow does not allow is refused and changes nothing.
	result = status_updates.set_status([name], "Preparing")
	assert result["updated"] == [] and "cannot go from" in result["failed"][0]["error"]
	assert frappe.db.get_value("Customer Shipment", name, "status") == "Delivered"


def test_a_colleague_whose_membership_hides_shipments_gets_no_shipment_email(setup):
	"""Issue 27: a member of A without Expedieri hears nothing of A's shipments; A's other user does."""
	member = setup.factories.make_member(setup.a.name, ["invoices"]).name
	_order, note = setup.factories.delivery_note(setup.a.name)
	[name] = _shipment_of(note.name)
	status_updates.set_status([name], "Shipped")
	recipients = [to for mail in _mails(name) for to in mail[0]]
	assert setup.ua.name in recipients and member not in recipients


def test_clients_cannot_use_the_staff_status_update(setup):
	doc = setup.factories.shipment(setup.a.name)
	as_user(setup.ua.name)
	_refused(lambda: api.update_status(doc.name, "Delivered"), DENIED, frappe.PermissionError)
	as_user("Administrator")
	assert frappe.db.get_value("Customer Shipment", doc.name, "status") == "Preparing"


# the client's actions -------------------------------------------------------------------------------


def test_client_confirms_receipt_once_and_not_before_it_ships(setup):
	doc = setup.factories.shipment(setup.a.name)
	as_user(setup.ua.name)
	before = _state(doc.name)
	_refused(
		lambda: api.confirm_receipt(doc.name),
		"Această expediere nu a fost încă trimisă, deci primirea ei nu poate fi confirmată.",
		lang="ro",
	)
	assert _state(doc.name) == before
	as_user("Administrator")
	status_updates.set_status([doc.name], "Out for Delivery")
	as_user(setup.ua.name)
	assert api.confirm_receipt(doc.name) == {"name": doc.name, "status": "Delivered"}
	_refused(lambda: api.confirm_receipt(doc.name), "You have already confirmed receipt of this shipment.")
	as_user("Administrator")
	doc.reload()
	assert doc.status == "Delivered" and doc.received_confirmed_by == setup.ua.name
	assert doc.events[-1].status == "Delivered"
	assert doc.events[-1].system_note == "Receipt confirmed by {0}."
	# Shown to each reader in their language.
	with in_language("ro"):
		page = queries.shipment((setup.a.name,), doc.name)
	assert page.events[-1].note.startswith("Primire confirmată de ")
	# The client who confirmed is not e-mailed about their own confirmation.
	assert not any("was delivered" in text for _r, text in _mails(doc.name))


def test_report_a_problem_opens_one_ticket_about_the_shipment(setup):
	doc = setup.factories.shipment(setup.a.name, status="In Transit")
	as_user(setup.ua.name)
	result = api.report_problem(doc.name, "Coletul a ajuns deteriorat.", "k" * 32)
	again = api.report_problem(doc.name, "Coletul a ajuns deteriorat.", "k" * 32)
	as_user("Administrator")
	assert again["ticket"] == result["ticket"] and again["duplicate"]
	ticket = frappe.get_doc("Support Ticket", result["ticket"])
	assert (ticket.customer, ticket.reference_doctype, ticket.reference_name, ticket.category) == (
		setup.a.name,
		"Customer Shipment",
		doc.name,
		"Delivery",
	)
	assert ticket.raised_by == setup.ua.name and doc.name in ticket.subject
	doc.reload()
	assert doc.status == "In Transit"
	assert sum(e.reference == result["ticket"] for e in doc.events) == 1
	# The ticket page links back to the shipment.
	from ralom_portal.portal.queries import tickets

	assert tickets.ticket((setup.a.name,), ticket.name).reference_route == f"/portal/shipments/{doc.name}"


def test_bad_input_gets_a_translated_message_and_changes_nothing(setup):
	doc = setup.factories.shipment(setup.a.name, status="Shipped")
	before = _state(doc.name)
	as_user(setup.ua.name)
	cases = [
		(lambda: api.confirm_receipt(doc.name, status="Delivered"), "Aceste câmpuri nu pot fi modificate"),
		(
			lambda: api.report_problem(doc.name, "x", customer=setup.b.name),
			"Aceste câmpuri nu pot fi modificate",
		),
		(lambda: api.report_problem(doc.name, "a" * 10_240), "cel mult 2000"),
		(
			lambda: api.report_problem(doc.name, '"><script>alert(1)</script>'),
			"nu sunt permise HTML sau scripturi",
		),
		(lambda: api.report_problem(doc.name, ""), "este obligatoriu"),
		(lambda: api.report_problem(doc.name, ["listă"]), "trebuie să fie text"),
	]
	for call, message in cases:
		_refused(call, message, lang="ro")
	as_user("Administrator")
	assert _state(doc.name) == before
	assert frappe.db.get_value("Customer Shipment", doc.name, "customer") == setup.a.name


def test_rapid_repeats_hit_the_rate_limit(setup):
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	doc = setup.factories.shipment(setup.a.name)
	frappe.local.request = Request(EnvironBuilder(method="POST").get_environ())
	key = frappe.cache.make_key(f"rl:ralom_portal.api.shipments.confirm_receipt:user:{setup.ua.name}")
	as_user(setup.ua.name)
	errors = []
	try:
		for _ in range(11):
			try:
				api.confirm_receipt(doc.name)
			except Exception as e:
				errors.append(type(e).__name__)
	finally:
		frappe.cache.delete(key)
		del frappe.local.request
		as_user("Administrator")
	assert errors == ["ShipmentActionError"] * 10 + ["RateLimitExceededError"]
	assert frappe.db.get_value("Customer Shipment", doc.name, "status") == "Preparing"


# isolation -----------------------------------------------------------------------------------------


def test_client_b_cannot_see_act_on_or_download_client_a_shipment(setup):
	doc = setup.factories.shipment(setup.a.name, status="Delivered")
	proof = setup.factories.file("Customer Shipment", doc.name, "aviz-semnat.pdf")
	frappe.db.set_value("Customer Shipment", doc.name, "proof_of_delivery", proof.file_url)
	assert queries.shipment((setup.a.name,), doc.name).proof.name == proof.name
	assert file_serving.visible_row(proof.name, setup.ua.name)
	before = _state(doc.name)
	as_user(setup.ub.name)
	for call in (
		lambda: api.confirm_receipt(doc.name),
		lambda: api.report_problem(doc.name, "Nu e al meu"),
		lambda: api.confirm_receipt("SHP-99999"),
	):
		_refused(call, DENIED, frappe.PermissionError)
	as_user("Administrator")
	assert queries.shipment((setup.b.name,), doc.name) is None
	assert doc.name not in [r.name for r in queries.list_shipments((setup.b.name,))["rows"]]
	assert not rules.can_see("Customer Shipment", doc.name, setup.ub.name)
	assert not rules.can_see("File", proof.name, setup.ub.name)
	assert file_serving.visible_row(proof.name, setup.ub.name) is None
	assert _state(doc.name) == before


# tracking links ----------------------------------------------------------------------------------------


def test_tracking_links_are_https_only_and_never_carry_script():
	good = "https://www.fancourier.ro/awb-tracking/?awb={tracking}"
	assert tracking_url(good, "2026 000 123") == "https://www.fancourier.ro/awb-tracking/?awb=2026000123"
	for template in (
		"http://www.fancourier.ro/?awb={tracking}",
		"javascript:alert(1)//{tracking}",
		"//evil.example/{tracking}",
		'https://x.ro/"onmouseover=alert(1)/{tracking}',
		"https://x.ro/no-placeholder",
		"",
		None,
	):
		assert tracking_url(template, "2026000123") is None, template
	for number in ('"><script>alert(1)</script>', "javascript:alert(1)", "a/../../b", "", None, "x" * 80):
		assert tracking_url(good, number) is None, number
	with pytest.raises(frappe.ValidationError, match="https"):
		frappe.get_doc(
			{
				"doctype": "Shipment Carrier",
				"carrier_name": "Rău",
				"tracking_url_template": "javascript:{tracking}",
			}
		).insert()


def test_a_stored_unsafe_template_or_number_shows_no_link(setup):
	carrier = frappe.get_doc(
		{
			"doctype": "Shipment Carrier",
			"carrier_name": setup.factories.unique("Curier"),
			"tracking_url_template": "https://track.example.ro/?n={tracking}",
		}
	).insert()
	doc = setup.factories.shipment(
		setup.a.name, status="Shipped", carrier=carrier.name, tracking_number="AWB123"
	)
	assert queries.shipment((setup.a.name,), doc.name).tracking_url == "https://track.example.ro/?n=AWB123"
	frappe.db.set_value("Customer Shipment", doc.name, "tracking_number", '"><script>alert(1)</script>')
	assert queries.shipment((setup.a.name,), doc.name).tracking_url is None
	frappe.db.set_value("Customer Shipment", doc.name, "tracking_number", "AWB123")
	frappe.db.set_value(
		"Shipment Carrier", carrier.name, "tracking_url_template", "http://track.example.ro/?n={tracking}"
	)
	assert queries.list_shipments((setup.a.name,))["rows"][0].tracking_url is None
	# Staff cannot store markup as a tracking number either.
	doc.reload()
	doc.tracking_number = "javascript:alert(1)"
	with pytest.raises(InvalidShipment):
		doc.save()


# query counts ---------------------------------------------------------------------------------------------


def test_list_detail_and_dashboard_query_counts_do_not_grow_with_rows(setup):
	customers = (setup.a.name,)
	first = setup.factories.shipment(setup.a.name, status="In Transit", items=1)
	counts = []
	for extra in (0, 8):
		for _i in range(extra):
			setup.factories.shipment(setup.a.name, status="Shipped", items=3)
			status_updates.set_status([first.name], "Exception" if _i % 2 == 0 else "In Transit")
		queries.list_shipments(customers)  # warm the metadata cache
		queries.shipment(customers, first.name)
		counts.append(
			(
				count_queries(lambda: queries.list_shipments(customers)),
				count_queries(lambda: queries.shipment(customers, first.name)),
				count_queries(lambda: queries.in_transit(customers)),
				count_queries(lambda: dashboard.summary(customers)),
			)
		)
	assert counts[0] == counts[1], counts
	assert counts[0][:3] == (1, 5, 1)


def test_list_filters_by_status_and_date(setup):
	from frappe.utils import add_days, nowdate

	old = setup.factories.shipment(setup.a.name, status="Delivered", shipment_date=add_days(nowdate(), -40))
	new = setup.factories.shipment(
		setup.a.name, status="Shipped", expected_delivery_date=add_days(nowdate(), -2)
	)
	rows = queries.list_shipments((setup.a.name,), status="Delivered")["rows"]
	assert [r.name for r in rows] == [old.name]
	rows = queries.list_shipments((setup.a.name,), start=add_days(nowdate(), -7))["rows"]
	assert [r.name for r in rows] == [new.name] and rows[0].late
	assert queries.list_shipments((setup.a.name,), status="Cancelled' or 1=1")["total"] == 2


def test_the_status_list_is_the_doctypes_own_select_options():
	# The desk dialog reads the Select options from the DocType's meta (public/js/shipment_status.js);
	# the Python list must name the same statuses in the same order.
	from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import STATUSES

	options = frappe.get_meta("Customer Shipment").get_field("status").options.split("\n")
	assert tuple(options) == STATUSES
