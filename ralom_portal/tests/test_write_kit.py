"""The write-side kit: a form's JSON object, write-once inserts, the idempotent create, the evidence
of a binding act, and the staff check (`utils/form_json.py`, `utils/idempotency.py`,
`utils/evidence.py`, `access.refuse.require_staff`). The domain modules' own tests cover each use;
these pin the kit's promises on their own, the race included."""

from __future__ import annotations

import json
import threading

import frappe
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from ralom_portal.access.refuse import require_staff
from ralom_portal.ralom_portal.doctype.portal_notification_read.portal_notification_read import row_name
from ralom_portal.ralom_portal.doctype.support_ticket import conversation
from ralom_portal.tests.factories import as_user
from ralom_portal.utils import idempotency
from ralom_portal.utils.evidence import USER_AGENT_MAX, request_evidence
from ralom_portal.utils.form_json import parse_object

TICKET = "Support Ticket"
WINDOW = 10
MESSAGES = ("empty!", "too large!", "unreadable!")


class Refused(Exception):
	pass


def _refuse(message):
	raise Refused(message)


def _parse(data, max_length=100):
	return parse_object(data, max_length=max_length, fail=_refuse, messages=MESSAGES)


def _ticket(customer: str, subject: str = "Întrebare"):
	return frappe.get_doc(
		{
			"doctype": TICKET,
			"customer": customer,
			"raised_by": "Administrator",
			"subject": subject,
			"category": conversation.categories()[0],
			"status": "Open",
			"priority": "Medium",
		}
	)


def _note(marker: str):
	"""A write the create's `build` makes before the record (as a quote request's new address)."""
	return frappe.get_doc({"doctype": "ToDo", "description": marker}).insert(ignore_permissions=True)


def _tickets_of(customer: str) -> list[str]:
	return frappe.get_all(TICKET, {"customer": customer}, pluck="name")


# parse_object ------------------------------------------------------------------------------------


def test_a_form_object_is_read_and_a_python_dict_passes_through():
	assert _parse('{"subject": "Bună", "n": 2}') == {"subject": "Bună", "n": 2}
	payload = {"subject": "Bună"}
	assert _parse(payload) is payload


@pytest.mark.parametrize(
	"data, message",
	[
		(None, "empty!"),
		("", "empty!"),
		("   ", "empty!"),
		(["a list"], "empty!"),
		("x" * 101, "too large!"),
		("{not json", "unreadable!"),
		("[1, 2]", "unreadable!"),
		('"a string"', "unreadable!"),
	],
)
def test_empty_oversized_malformed_and_non_object_data_are_refused_with_their_own_message(data, message):
	with pytest.raises(Refused, match=message):
		_parse(data)


def test_malformed_json_is_refused_with_the_forms_translated_message(monkeypatch):
	monkeypatch.setattr(frappe.local, "lang", "ro")
	with pytest.raises(conversation.TicketError, match=r"^Tichetul nu a putut fi citit\.$"):
		conversation.parse('{"subject": ')
	with pytest.raises(conversation.TicketError, match=r"^Tichetul este gol\.$"):
		conversation.parse("")


# insert_once -------------------------------------------------------------------------------------


def _read_mark(key: str):
	return frappe.get_doc(
		{
			"doctype": "Portal Notification Read",
			"user": "Administrator",
			"event_key": key,
			"read_on": frappe.utils.now_datetime(),
		}
	)


def test_insert_once_writes_the_row_once_and_then_says_it_is_already_done_without_a_message():
	key = f"write-kit-{frappe.generate_hash(length=8)}"
	assert idempotency.insert_once(_read_mark(key)) is True
	frappe.local.message_log = []
	assert idempotency.insert_once(_read_mark(key)) is False
	# Frappe's own "already exists" would reach the client as a dialog: the caller answers instead.
	assert frappe.local.message_log == []
	assert frappe.db.count("Portal Notification Read", {"name": row_name("Administrator", key)}) == 1


def test_insert_once_raises_what_is_not_a_unique_violation():
	mark = _read_mark("write-kit-no-user")
	mark.user = None
	with pytest.raises(frappe.MandatoryError):
		idempotency.insert_once(mark)


# client key, content hash, stored key ------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "short", "has spaces in it", "x" * 65, 12345678, ["k" * 10]])
def test_a_missing_or_made_up_client_key_is_no_key(value):
	assert idempotency.client_key(value) is None


def test_the_stored_key_is_the_users_own_form_key_or_the_content_in_its_window():
	key = "k" * 32
	assert idempotency.idempotency_key("a@x.ro", key, "h1", WINDOW) == idempotency.idempotency_key(
		"a@x.ro", key, "h2", WINDOW
	)
	assert idempotency.idempotency_key("a@x.ro", key, "h1", WINDOW) != idempotency.idempotency_key(
		"b@x.ro", key, "h1", WINDOW
	)
	assert idempotency.idempotency_key("a@x.ro", None, "h1", WINDOW) != idempotency.idempotency_key(
		"a@x.ro", None, "h2", WINDOW
	)


def test_the_content_hash_ignores_the_key_and_sees_the_files():
	clean = {"subject": "Bună", "submission_key": "k" * 32}
	same = idempotency.payload_hash("a@x.ro", "C1", clean)
	assert same == idempotency.payload_hash("a@x.ro", "C1", {"subject": "Bună", "submission_key": None})
	assert same != idempotency.payload_hash("a@x.ro", "C1", clean, [{"hash": "f1"}])
	assert same != idempotency.payload_hash("a@x.ro", "C2", clean)


# create_once -------------------------------------------------------------------------------------


def _create(customer: str, key: str, content_hash: str, calls: list, marker: str = "write-kit"):
	def build():
		calls.append("build")
		_note(marker)
		return _ticket(customer)

	def after(doc):
		calls.append("after")

	return idempotency.create_once(
		TICKET, key=key, content_hash=content_hash, window=WINDOW, build=build, after=after
	)


def test_a_repeated_key_returns_the_first_record_and_writes_nothing(factories):
	customer = factories.customer().name
	key = idempotency.idempotency_key("Administrator", "k" * 32, "first", WINDOW)
	calls = []
	first = _create(customer, key, "first", calls)
	assert first["duplicate"] is False
	assert frappe.db.get_value(TICKET, first["name"], ["submission_key", "payload_hash"]) == (key, "first")
	notes = frappe.db.count("ToDo", {"description": "write-kit"})

	# A retry with other content but the same key: the first record, nothing built or written.
	again = _create(customer, key, "retried", calls)
	assert again == {"name": first["name"], "duplicate": True}
	assert calls == ["build", "after"]
	assert _tickets_of(customer) == [first["name"]]
	assert frappe.db.count("ToDo", {"description": "write-kit"}) == notes


def test_the_same_content_without_a_key_within_the_window_returns_the_first_record(factories):
	customer = factories.customer().name
	calls = []
	first = _create(
		customer, idempotency.idempotency_key("Administrator", None, "same", WINDOW), "same", calls
	)
	# Another stored key (a new window began), the same content: still the first record.
	again = _create(customer, "other-key", "same", calls)
	assert again == {"name": first["name"], "duplicate": True}
	assert _tickets_of(customer) == [first["name"]]


def test_an_error_after_the_insert_undoes_every_write_of_the_create(factories):
	customer = factories.customer().name
	marker = f"write-kit-{frappe.generate_hash(length=8)}"

	def build():
		_note(marker)
		return _ticket(customer)

	def after(doc):
		raise frappe.ValidationError("notification failed")

	with pytest.raises(frappe.ValidationError, match="notification failed"):
		idempotency.create_once(
			TICKET, key="k-error", content_hash="h-error", window=WINDOW, build=build, after=after
		)
	assert _tickets_of(customer) == []
	assert not frappe.db.exists("ToDo", {"description": marker})


def test_a_unique_violation_under_a_race_returns_the_existing_row():
	"""Two submissions with one key: the other request commits its record after this one checked
	for duplicates (and this transaction's plain reads cannot see it any more). The unique index
	stops the second insert; this request undoes its own writes and answers the first record."""
	from ralom_portal.demo.builders import make_customer
	from ralom_portal.tests.conftest import BENCH_DIR, SITE

	customer = make_customer(f"Write Kit Race {frappe.generate_hash(length=6)}").name
	frappe.db.commit()
	key = idempotency.idempotency_key("Administrator", frappe.generate_hash(length=32), "race", WINDOW)
	marker = f"write-kit-{frappe.generate_hash(length=8)}"
	other: dict = {}

	def other_request():
		frappe.init(site=SITE, sites_path=str(BENCH_DIR / "sites"))
		frappe.connect()
		try:
			frappe.set_user("Administrator")
			doc = _ticket(customer, "Prima trimitere")
			doc.update({"submission_key": key, "payload_hash": "other"})
			doc.insert(ignore_permissions=True)
			frappe.db.commit()
			other["name"] = doc.name
		except Exception as e:
			other["error"] = repr(e)
		finally:
			frappe.destroy()

	calls = []
	try:
		# This request's duplicate check runs first (and opens its snapshot) ...
		assert idempotency.find_duplicate(TICKET, key, "race", WINDOW) is None
		thread = threading.Thread(target=other_request)
		thread.start()
		thread.join(timeout=60)
		assert "name" in other, other
		# ... so the record committed since is not there for its plain reads: only the index knows.
		assert idempotency.find_duplicate(TICKET, key, "race", WINDOW) is None

		result = _create(customer, key, "race", calls, marker)

		assert result == {"name": other["name"], "duplicate": True}
		assert calls == ["build"]
		assert frappe.local.message_log == []
		assert not frappe.db.exists("ToDo", {"description": marker})
		assert frappe.db.sql(f"select name from `tab{TICKET}` where customer = %s for update", customer) == (
			(other["name"],),
		)
	finally:
		frappe.db.rollback()
		frappe.db.sql(f"delete from `tab{TICKET}` where customer = %s", customer)
		frappe.db.sql("delete from `tabCustomer` where name = %s", customer)
		frappe.db.commit()


# request_evidence --------------------------------------------------------------------------------


def test_the_evidence_keeps_the_ip_and_a_bounded_user_agent(monkeypatch):
	request = Request(EnvironBuilder(headers={"User-Agent": "Mozilla/5.0 " + "x" * 2000}).get_environ())
	monkeypatch.setattr(frappe.local, "request", request, raising=False)
	monkeypatch.setattr(frappe.local, "request_ip", "203.0.113.7", raising=False)
	evidence = request_evidence()
	assert evidence["ip_address"] == "203.0.113.7"
	assert evidence["user_agent"].startswith("Mozilla/5.0 ")
	assert len(evidence["user_agent"]) == USER_AGENT_MAX


def test_the_evidence_outside_a_request_is_empty_not_an_error(monkeypatch):
	monkeypatch.setattr(frappe.local, "request", None, raising=False)
	monkeypatch.setattr(frappe.local, "request_ip", None, raising=False)
	assert request_evidence() == {"ip_address": None, "user_agent": None}


# require_staff -----------------------------------------------------------------------------------

DENIED = "Staff only, in the test's words."


def _refused_as_denied(call):
	with pytest.raises(frappe.PermissionError, match=DENIED):
		call()


def test_require_staff_refuses_clients_and_guests_with_the_callers_message(factories):
	customer, user = factories.client()
	ticket = _ticket(customer.name).insert(ignore_permissions=True).name
	for who in (user.name, "Guest"):
		as_user(who)
		_refused_as_denied(lambda: require_staff(message=DENIED))
		_refused_as_denied(lambda: require_staff(TICKET, ticket, message=DENIED))


def test_require_staff_checks_the_permission_on_the_doctype_or_on_the_record(factories):
	staff = factories.staff_user(roles=("Sales User",))
	ticket = _ticket(factories.customer().name).insert(ignore_permissions=True).name
	as_user(staff.name)
	assert require_staff(message=DENIED) is None
	assert require_staff(TICKET, ticket, message=DENIED) == ticket
	assert require_staff("Customer Shipment", ptype="read", message=DENIED) is None
	# A Sales User reads shipments but may not move them.
	_refused_as_denied(lambda: require_staff("Customer Shipment", message=DENIED))


@pytest.mark.parametrize("name", [None, "", "TKT-NO-SUCH", "x" * 141, ["TKT-1"], json.dumps(["TKT-1"])])
def test_require_staff_refuses_a_missing_record_like_a_forbidden_one(factories, name):
	as_user(factories.staff_user(roles=("Sales User",)).name)
	_refused_as_denied(lambda: require_staff(TICKET, name, message=DENIED))
