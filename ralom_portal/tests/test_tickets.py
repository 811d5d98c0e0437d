"""Support tickets ("Suport/Tichete"): open, reply, resolve, reopen, close; internal notes never reach a
client (pages, our API, Frappe's APIs, e-mail, docinfo); client B isolation; references; bad input;
idempotency; e-mail both ways (inbound through Frappe's InboundMail); query counts. The pages over
HTTP: `test_tickets_http.py`."""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import add_days, now_datetime

from ralom_portal.access import rules
from ralom_portal.api import tickets as api
from ralom_portal.portal.queries import tickets as queries
from ralom_portal.ralom_portal.doctype.support_ticket import conversation, inbound
from ralom_portal.ralom_portal.doctype.support_ticket.support_ticket import close_expired_resolved_tickets
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.tickets_world import (
	DENIED,
	PDF,
	REF_DENIED,
	SECRET,
	_build_ticket_world,
	_counts,
	_create,
	_emails,
	_note,
	_payload,
	_queue,
	_refused,
)
from ralom_portal.tests.worlds import fresh, module_world


@pytest.fixture
def ticket_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_ticket_world)


@pytest.fixture
def setup(ticket_world, factories):
	"""Clients A and B with a portal user each, and the support recipient (fresh copies)."""
	return fresh({**ticket_world, "factories": factories})


# happy paths ------------------------------------------------------------------------------------


def test_client_opens_a_ticket_under_own_customer_and_support_is_told(setup):
	result = _create(setup, _payload(), [("poza.pdf", PDF)])
	doc = frappe.get_doc("Support Ticket", result["name"])
	assert doc.name.startswith("TKT-") and not result["duplicate"]
	assert (doc.customer, doc.raised_by, doc.status, doc.priority) == (
		setup.a.name,
		setup.ua.name,
		"Open",
		"Medium",
	)
	assert doc.first_response_due and not doc.first_response_on
	messages = frappe.get_all(
		"Support Ticket Message", {"ticket": doc.name}, ["name", "body", "from_client", "internal"]
	)
	assert [(m.body, m.from_client, m.internal) for m in messages] == [("Suma diferă.", 1, 0)]
	assert (
		frappe.db.count(
			"File", {"attached_to_doctype": "Support Ticket Message", "attached_to_name": messages[0].name}
		)
		== 1
	)
	mails = _emails(doc.name)
	assert len(mails) == 1 and f"[{doc.name}]" in mails[0] and "Suma diferă." in mails[0]
	assert frappe.db.exists("Notification Log", {"document_name": doc.name, "for_user": setup.staff.name})


def test_payload_cannot_choose_status_customer_owner_priority_or_internal(setup):
	result = _create(
		setup,
		_payload(
			status="Closed",
			customer=setup.b.name,
			owner=setup.ub.name,
			internal=1,
			priority="Urgent",
			raised_by=setup.ub.name,
		),
	)
	doc = frappe.get_doc("Support Ticket", result["name"])
	assert (doc.status, doc.customer, doc.raised_by, doc.priority) == (
		"Open",
		setup.a.name,
		setup.ua.name,
		"Medium",
	)
	assert doc.owner == setup.ua.name
	assert frappe.db.get_value("Support Ticket Message", {"ticket": doc.name}, "internal") == 0


def test_two_identical_submissions_make_one_ticket(setup):
	first = _create(setup, _payload())
	second = _create(setup, _payload())
	assert second == {"name": first["name"], "duplicate": True}
	keyed = _create(setup, _payload(subject="Altă întrebare", submission_key="k" * 32))
	again = _create(setup, _payload(subject="Altă întrebare", submission_key="k" * 32))
	assert again["name"] == keyed["name"] and again["duplicate"]
	assert frappe.db.count("Support Ticket", {"customer": setup.a.name}) == 2


def test_staff_reply_answers_client_in_their_language_and_client_reply_reopens(setup):
	frappe.db.set_value("User", setup.ua.name, "language", "en")
	name = _create(setup, _payload())["name"]
	as_user(setup.staff.name)
	api.staff_reply(name, "Am corectat factura.", 0)
	as_user("Administrator")
	doc = frappe.get_doc("Support Ticket", name)
	assert doc.status == "Awaiting Client" and doc.first_response_on and doc.last_staff_reply_on
	to_client = [m for m in _emails(name) if "New reply to your ticket" in m]
	assert len(to_client) == 1 and "Am corectat factura." in to_client[0]
	client_queue = [
		q for q, text in zip(_queue(name), _emails(name), strict=True) if "New reply to your ticket" in text
	]
	assert frappe.get_all("Email Queue Recipient", {"parent": client_queue[0]}, pluck="recipient") == [
		setup.ua.name
	]
	as_user(setup.ua.name)
	api.reply(name, "Mulțumesc, mai am o întrebare.")
	as_user("Administrator")
	assert frappe.db.get_value("Support Ticket", name, "status") == "Open"
	assert sum("mai am o întrebare" in m for m in _emails(name)) == 1


def test_a_client_whose_membership_no_longer_shows_tickets_gets_no_reply_email(setup):
	"""Issue 27: the reply e-mail follows the membership, as the bell and the pages do."""
	name = _create(setup, _payload())["name"]

	def mails_to_client():
		return frappe.get_all(
			"Email Queue Recipient", {"parent": ("in", _queue(name)), "recipient": setup.ua.name}
		)

	as_user(setup.staff.name)
	api.staff_reply(name, "Prima replică.", 0)
	assert len(mails_to_client()) == 1
	setup.factories.set_membership(setup.a.name, setup.ua.name, ["invoices"])
	api.staff_reply(name, "A doua replică.", 0)
	as_user("Administrator")
	assert len(mails_to_client()) == 1


def test_resolve_with_rating_then_reopen_within_the_window(setup):
	name = _create(setup, _payload())["name"]
	as_user(setup.ua.name)
	api.resolve(name, "4", "Rapid")
	as_user("Administrator")
	doc = frappe.get_doc("Support Ticket", name)
	assert (
		doc.status == "Resolved" and doc.resolved_on and doc.rating == 0.8 and doc.rating_comment == "Rapid"
	)
	as_user(setup.ua.name)
	assert api.reopen(name)["status"] == "Open"
	as_user("Administrator")
	assert frappe.db.get_value("Support Ticket", name, ["status", "resolved_on"]) == ("Open", None)


def test_after_the_window_a_resolved_ticket_closes_for_good(setup):
	name = _create(setup, _payload())["name"]
	as_user(setup.ua.name)
	api.resolve(name)
	as_user("Administrator")
	frappe.db.set_value("Support Ticket", name, "resolved_on", add_days(now_datetime(), -8))
	as_user(setup.ua.name)
	for call in (lambda: api.reopen(name), lambda: api.reply(name, "Revin")):
		with pytest.raises(conversation.TicketError, match="can no longer be reopened"):
			call()
	as_user("Administrator")
	close_expired_resolved_tickets()
	assert frappe.db.get_value("Support Ticket", name, "status") == "Closed"
	before = _counts()
	as_user(setup.ua.name)
	with pytest.raises(conversation.TicketError, match="This ticket is closed"):
		api.reply(name, "Revin")
	as_user("Administrator")
	assert _counts() == before


def test_resolving_twice_is_refused_and_changes_nothing(setup):
	name = _create(setup, _payload())["name"]
	as_user(setup.ua.name)
	api.resolve(name, "5")
	with pytest.raises(conversation.TicketError, match="already resolved"):
		api.resolve(name, "1", "altă notă")
	as_user("Administrator")
	assert frappe.db.get_value("Support Ticket", name, ["rating", "rating_comment"]) == (1.0, None)


# internal notes never reach a client ----------------------------------------------------------


def test_internal_note_and_its_file_never_reach_the_client(setup):
	name = _create(setup, _payload())["name"]
	note = _note(name, files=[{"file_name": "intern.pdf", "content": PDF, "hash": "x"}])
	internal_file = frappe.db.get_value("File", {"attached_to_name": note.name})
	as_user(setup.staff.name)
	api.staff_reply(name, "Mesaj public", 0)
	api.staff_reply(name, SECRET + " (2)", 1)
	as_user("Administrator")
	thread = queries.ticket((setup.a.name,), name)
	bodies = [m.body for m in thread.messages]
	assert "Mesaj public" in bodies and not any("NOTĂ INTERNĂ" in b for b in bodies)
	assert not any("intern.pdf" in m.files for m in thread.messages)
	assert not rules.can_see("Support Ticket Message", note.name, setup.ua.name)
	assert not rules.can_see("File", internal_file, setup.ua.name)
	as_user(setup.ua.name)
	try:
		visible = frappe.get_list("Support Ticket Message", pluck="body", limit_page_length=0)
	except frappe.PermissionError:
		visible = []
	assert not any("NOTĂ INTERNĂ" in b for b in visible)
	for method, kw in (
		("frappe.desk.form.load.getdoc", {"doctype": "Support Ticket", "name": name}),
		("frappe.desk.form.load.get_docinfo", {"doctype": "Support Ticket", "name": name}),
		("frappe.client.get_list", {"doctype": "Support Ticket Message", "fields": ["body"]}),
		("frappe.client.get", {"doctype": "Support Ticket Message", "name": note.name}),
	):
		frappe.local.response = frappe._dict()
		try:
			out = frappe.call(frappe.get_attr(method), **kw)
		except frappe.PermissionError:
			out = None
		frappe.clear_messages()
		assert "NOTĂ INTERNĂ" not in json.dumps(out, default=str) + json.dumps(
			frappe.local.response, default=str
		), method
	as_user("Administrator")
	assert all("NOTĂ INTERNĂ" not in m for m in _emails(name))


def test_sidebar_files_stay_staff_only_until_a_public_reply_sends_them(setup):
	from ralom_portal.utils import uploads

	name = _create(setup, _payload())["name"]
	sidebar = uploads.save(
		"Support Ticket", name, [{"file_name": "schita.pdf", "content": PDF + b"1", "hash": "1"}]
	)
	kept = uploads.save(
		"Support Ticket", name, [{"file_name": "calcul.pdf", "content": PDF + b"2", "hash": "2"}]
	)
	sent, internal = (
		frappe.db.get_value("File", {"file_name": n, "attached_to_name": name}) for n in sidebar + kept
	)
	assert not rules.can_see("File", sent, setup.ua.name)
	as_user(setup.staff.name)
	reply = api.staff_reply(name, "Vă trimitem schița.", 0, files=json.dumps([sent]))
	as_user("Administrator")
	assert frappe.db.get_value("File", sent, ["attached_to_doctype", "attached_to_name"]) == (
		"Support Ticket Message",
		reply["message"],
	)
	assert rules.can_see("File", sent, setup.ua.name)
	assert not rules.can_see("File", internal, setup.ua.name)
	thread = queries.ticket((setup.a.name,), name)
	files = [f for m in thread.messages for f in m.files]
	assert "schita.pdf" in json.dumps(files) and "calcul.pdf" not in json.dumps(files)


def test_a_staff_reply_cannot_send_files_of_another_record(setup):
	from ralom_portal.utils import uploads

	name = _create(setup, _payload())["name"]
	other = _create(setup, _payload(subject="Altul"), user=setup.ub.name)["name"]
	foreign = uploads.save(
		"Support Ticket", other, [{"file_name": "b.pdf", "content": PDF + b"3", "hash": "3"}]
	)
	foreign = frappe.db.get_value("File", {"file_name": foreign[0], "attached_to_name": other})
	before = _counts()
	as_user(setup.staff.name)
	try:
		for files in (json.dumps([foreign]), json.dumps(["nu-exista"]), "{not json", json.dumps([{"x": 1}])):
			with pytest.raises(frappe.ValidationError):
				api.staff_reply(name, "Cu fișier străin", 0, files=files)
	finally:
		as_user("Administrator")
	assert _counts() == before
	assert frappe.db.get_value("File", foreign, "attached_to_name") == other


def test_internal_note_never_sends_mail_nor_changes_status(setup):
	name = _create(setup, _payload())["name"]
	before = len(_emails(name))
	as_user(setup.staff.name)
	api.staff_reply(name, SECRET, 1)
	as_user("Administrator")
	assert len(_emails(name)) == before
	assert frappe.db.get_value("Support Ticket", name, ["status", "first_response_on"]) == ("Open", None)


# isolation and references --------------------------------------------------------------------


def test_client_b_cannot_read_reply_resolve_or_reopen_client_a_ticket(setup):
	name = _create(setup, _payload())["name"]
	before = _counts()
	as_user(setup.ub.name)
	for call in (
		lambda: api.reply(name, "Intru"),
		lambda: api.resolve(name),
		lambda: api.reopen(name),
		lambda: api.reply("TKT-99999", "Intru"),
		lambda: api.staff_reply(name, "x", 0),
	):
		with pytest.raises(frappe.PermissionError) as error:
			call()
		assert DENIED in str(error.value)
	assert queries.ticket((setup.b.name,), name) is None
	assert name not in [t.name for t in queries.list_tickets((setup.b.name,))["rows"]]
	as_user("Administrator")
	assert _counts() == before and frappe.db.get_value("Support Ticket", name, "status") == "Open"


def test_a_reference_must_be_a_record_the_client_can_see(setup):
	qa = setup.factories.quotation(setup.a.name)
	qb = setup.factories.quotation(setup.b.name)
	draft = setup.factories.quotation(setup.a.name, submit=False)
	own = _create(setup, _payload(reference_doctype="Quotation", reference_name=qa.name))
	assert frappe.db.get_value("Support Ticket", own["name"], ["reference_doctype", "reference_name"]) == (
		"Quotation",
		qa.name,
	)
	for doctype, name in (
		("Quotation", qb.name),
		("Quotation", draft.name),
		("Quotation", "SAL-QTN-X"),
		("User", "Administrator"),
		("Quotation", None),
	):
		_refused(
			setup, _payload(subject=f"Ref {name}", reference_doctype=doctype, reference_name=name), REF_DENIED
		)
	as_user(setup.ua.name)
	assert queries.reference("Quotation", qb.name, setup.ua.name) is None
	assert queries.reference("Quotation", qa.name, setup.ua.name) == ("Quotation", qa.name)


# bad input ---------------------------------------------------------------------------------------


def test_bad_input_is_refused_with_a_message_and_stores_nothing(setup):
	cases = [
		(_payload(subject=""), "Subject is required."),
		(_payload(subject="x" * 141), "Subject can be at most 140 characters long."),
		(_payload(description="a" * 1_000_000), "Description can be at most 10000 characters long."),
		(_payload(subject="<script>alert(1)</script>"), "Subject may not contain HTML or scripts."),
		(
			_payload(description='<img src=x onerror="alert(1)">'),
			"Description may not contain HTML or scripts.",
		),
		(_payload(category="Hack"), "Please choose a category."),
		(_payload(description=""), "Description is required."),
	]
	for payload, message in cases:
		_refused(setup, payload, message)
	_refused(setup, _payload(), "this file type is not allowed", [("run.exe", b"MZ\x90")])
	_refused(setup, _payload(), "does not match its extension", [("fals.pdf", b"MZ not a pdf")])
	_refused(setup, _payload(), "larger than 10 MB", [("mare.pdf", PDF + b"0" * (10 * 1024 * 1024))])
	_refused(setup, _payload(), "at most 5 files", [(f"f{i}.pdf", PDF + bytes([i])) for i in range(6)])
	with pytest.raises(frappe.ValidationError, match="could not be read"):
		conversation.parse("[1, 2]")


def test_reply_bad_input_is_refused(setup):
	name = _create(setup, _payload())["name"]
	before = _counts()
	as_user(setup.ua.name)
	for body, message in (
		("", "Message is required."),
		("<script>x</script>", "may not contain HTML"),
		("x" * 10_001, "at most 10000"),
	):
		with pytest.raises(conversation.TicketError, match=message):
			api.reply(name, body)
	with pytest.raises(conversation.TicketError, match="rate our answer"):
		api.resolve(name, "9")
	as_user("Administrator")
	assert _counts() == before and frappe.db.get_value("Support Ticket", name, "status") == "Open"


def test_rapid_repeats_hit_the_rate_limit(setup):
	import random

	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	ip = f"10.77.{random.randint(1, 250)}.{random.randint(1, 250)}"
	frappe.local.request = Request(EnvironBuilder(method="POST").get_environ())
	frappe.local.request_ip = ip
	frappe.form_dict.cmd = "ralom_portal.api.tickets.create"
	as_user(setup.ua.name)
	errors = []
	try:
		for _ in range(11):
			try:
				api.create("")
			except Exception as e:
				errors.append(type(e).__name__)
	finally:
		frappe.cache.delete_value(frappe.cache.make_key(f"rl:ralom_portal.api.tickets.create:{ip}"))
		del frappe.local.request
		as_user("Administrator")
	assert errors[:10] == ["TicketError"] * 10
	assert errors[10] == "RateLimitExceededError"


# e-mail in ----------------------------------------------------------------------------------------


def _inbound(
	sender: str, subject: str, body: str = "Vă mulțumesc, am primit.\n\nOn Mon, Support wrote:\n> vechi"
):
	from frappe.email.receive import InboundMail

	raw = (
		f"From: Client <{sender}>\r\nTo: support@ralom.ro\r\nSubject: {subject}\r\n"
		f"Message-ID: <{frappe.generate_hash(length=12)}@mail.example.ro>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0200\r\n"
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
		f"{body}\r\n"
	).encode()
	account = frappe.get_doc(
		{"doctype": "Email Account", "email_id": "support@ralom.ro", "use_imap": 0, "append_to": None}
	)
	return InboundMail(raw, account).process()


def test_an_email_reply_lands_in_its_thread(setup):
	name = _create(setup, _payload())["name"]
	as_user(setup.staff.name)
	api.staff_reply(name, "Revenim.", 0)
	as_user("Administrator")
	communication = _inbound(setup.ua.name, f"Re: [{name}] New reply to your ticket: Problemă la factură")
	message = frappe.get_all(
		"Support Ticket Message",
		{"ticket": name, "via": "Email"},
		["body", "from_client", "author", "communication"],
	)
	assert [(m.body, m.from_client, m.author, m.communication) for m in message] == [
		("Vă mulțumesc, am primit.", 1, setup.ua.name, communication.name)
	]
	assert frappe.db.get_value("Support Ticket", name, "status") == "Open"


def test_a_forged_or_foreign_email_reply_lands_nowhere(setup):
	name = _create(setup, _payload())["name"]
	b_ticket = _create(setup, _payload(subject="Al lui B"), user=setup.ub.name)["name"]
	before = _counts()
	_inbound(setup.ub.name, f"Re: [{name}] New reply")  # client B forging A's ticket
	_inbound("stranger@example.com", f"Re: [{name}] New reply")
	_inbound(setup.ua.name, "Re: [TKT-99999] New reply")
	_inbound(setup.ua.name, "Re: no tag at all")
	assert _counts() == before
	_inbound(setup.ub.name, f"Re: [{b_ticket}] ok")
	assert frappe.db.count("Support Ticket Message", {"ticket": b_ticket, "via": "Email"}) == 1
	assert inbound.reply_text("<p>Da</p><blockquote>On x wrote:</blockquote>") == "Da"


# query counts ----------------------------------------------------------------------------------


def test_list_and_thread_query_counts_do_not_grow_with_rows(setup):
	customers = (setup.a.name,)
	first = setup.factories.ticket(setup.a.name, setup.ua.name)
	counts = []
	for extra in (0, 12):
		for i in range(extra):
			setup.factories.ticket(setup.a.name, setup.ua.name, subject=f"Tichet {extra}-{i}")
			conversation.append_message(first.name, f"Răspuns {i}", author="Administrator", via="Desk")
			_note(first.name, f"notă {i}")
		queries.list_tickets(customers)  # warm the metadata cache
		queries.ticket(customers, first.name)
		counts.append(
			(
				count_queries(lambda: queries.list_tickets(customers)),
				count_queries(lambda: queries.ticket(customers, first.name)),
			)
		)
	assert counts[0] == counts[1]
	assert counts[0][0] == 1 and counts[0][1] <= 8
