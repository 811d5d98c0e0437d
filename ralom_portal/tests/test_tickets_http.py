"""Support tickets over HTTP (committed demo data, served site): the pages show the public thread
only, internal notes are neither found nor printed, a client opens and answers a ticket."""

from __future__ import annotations

import json

import frappe
import pytest

from ralom_portal.ralom_portal.doctype.support_ticket import conversation
from ralom_portal.tests.tickets_world import _note, _payload


@pytest.fixture(scope="module")
def a_ticket(demo_data):
	"""A committed ticket of demo client A with a public reply and an internal note."""
	from ralom_portal.demo.dataset import CLIENTS

	a = CLIENTS[0]
	name = frappe.db.get_value("Support Ticket", {"customer": a["name"], "subject": "HTTP: ticket cu notă"})
	if not name:
		frappe.set_user(a["users"][0]["email"])
		name = conversation.create_ticket(a["name"], _payload(subject="HTTP: ticket cu notă"))["name"]
		frappe.set_user("Administrator")
		_note(name)
		conversation.staff_reply(name, "Răspuns public HTTP")
		frappe.db.commit()
	return name


@pytest.mark.http
def test_ticket_pages_show_the_public_thread_only_and_the_unread_marker(server, demo_logins, a_ticket):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	c = server.client(logins[CLIENTS[0]["name"]][0], password)
	frappe.db.set_value("Support Ticket", a_ticket, "client_seen_on", None, update_modified=False)
	frappe.db.commit()
	r = c.get("/portal/tickets")
	assert r.status_code == 200 and a_ticket in r.text
	assert 'data-ticket="%s" class="unread"' % a_ticket in r.text
	r = c.get(f"/portal/tickets/{a_ticket}")
	assert r.status_code == 200
	assert "Răspuns public HTTP" in r.text and "NOTĂ INTERNĂ" not in r.text
	assert 'data-unread="1"' in r.text
	# Reading is a GET and writes nothing; the page's script posts mark_read once the thread shows.
	assert 'data-ticket="%s" class="unread"' % a_ticket in c.get("/portal/tickets").text
	c.open_portal()
	other = server.client(logins[CLIENTS[1]["name"]][0], password)
	other.open_portal()
	foreign = other.post("/api/method/ralom_portal.api.tickets.mark_read", data={"name": a_ticket})
	assert foreign.status_code == 403
	assert c.get("/api/method/ralom_portal.api.tickets.mark_read", params={"name": a_ticket}).status_code in (
		403,
		405,
	)
	assert 'data-ticket="%s" class="unread"' % a_ticket in c.get("/portal/tickets").text
	read = c.post("/api/method/ralom_portal.api.tickets.mark_read", data={"name": a_ticket})
	assert read.status_code == 200, read.text[:300]
	r = c.get("/portal/tickets")
	assert 'data-ticket="%s" class="unread"' % a_ticket not in r.text
	assert c.get("/portal/tickets", params={"status": "Open' or 1=1"}).status_code == 200
	assert a_ticket in c.get("/portal/tickets", params={"q": a_ticket}).text
	assert a_ticket not in c.get("/portal/tickets", params={"q": "nimic-așa"}).text


@pytest.mark.http
def test_internal_notes_are_not_found_by_search_nor_printed(server, demo_logins, a_ticket):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	c = server.client(logins[CLIENTS[0]["name"]][0], password)
	c.open_portal()
	note = frappe.db.get_value("Support Ticket Message", {"ticket": a_ticket, "internal": 1})
	word = "restanțe"  # only in the internal note
	assert a_ticket not in c.get("/portal/tickets", params={"q": word}).text
	assert a_ticket in c.get("/portal/tickets", params={"q": "HTTP: ticket cu notă"}).text
	probes = [
		("/api/method/frappe.utils.global_search.search", {"text": word}),
		("/api/method/frappe.desk.search.search_link", {"doctype": "Support Ticket Message", "txt": word}),
		(
			"/api/method/frappe.desk.reportview.get",
			{"doctype": "Support Ticket Message", "fields": '["body"]'},
		),
		("/printview", {"doctype": "Support Ticket", "name": a_ticket}),
		("/printview", {"doctype": "Support Ticket Message", "name": note}),
		(f"/Support%20Ticket/{a_ticket}", {}),
		(f"/Support%20Ticket%20Message/{note}", {}),
		(
			"/api/method/frappe.utils.print_format.download_pdf",
			{"doctype": "Support Ticket", "name": a_ticket},
		),
		(
			"/api/method/frappe.utils.print_format.download_pdf",
			{"doctype": "Support Ticket Message", "name": note},
		),
	]
	for path, params in probes:
		r = c.get(path, params=params)
		assert r.status_code in (403, 404), (path, r.status_code)
		assert "restanțe" not in r.text and "NOT%C4%82" not in r.text, path
		assert not r.content.startswith(b"%PDF"), path


@pytest.mark.http
def test_client_opens_and_answers_a_ticket_over_http_and_others_are_refused(server, demo_logins, a_ticket):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	a = server.client(logins[CLIENTS[0]["name"]][0], password)
	a.open_portal()
	quotation = frappe.db.get_value("Quotation", {"party_name": CLIENTS[0]["name"], "docstatus": 1})
	r = a.get("/portal/tickets/new", params={"ref_doctype": "Quotation", "ref_name": quotation})
	assert r.status_code == 200 and f'data-reference="{quotation}"' in r.text
	b_quote = frappe.db.get_value("Quotation", {"party_name": CLIENTS[1]["name"], "docstatus": 1})
	r = a.get("/portal/tickets/new", params={"ref_doctype": "Quotation", "ref_name": b_quote})
	assert r.status_code == 200 and "data-reference-refused" in r.text and b_quote not in r.text
	r = a.post(
		"/api/method/ralom_portal.api.tickets.create",
		data={
			"data": json.dumps(
				_payload(
					subject="Prin HTTP",
					reference_doctype="Quotation",
					reference_name=quotation,
					submission_key=frappe.generate_hash(length=20),
				)
			)
		},
	)
	assert r.status_code == 200, r.text[:300]
	assert a.get(
		"/api/method/ralom_portal.api.tickets.reply", params={"name": a_ticket, "body": "x"}
	).status_code in (403, 405)
	b = server.client(logins[CLIENTS[1]["name"]][0], password)
	b.open_portal()
	assert b.get(f"/portal/tickets/{a_ticket}").status_code == 403
	assert b.get("/portal/tickets/TKT-99999").status_code == 403
	assert a_ticket not in b.get("/portal/tickets").text
	r = b.post("/api/method/ralom_portal.api.tickets.reply", data={"name": a_ticket, "body": "Intru"})
	assert r.status_code == 403 and a_ticket not in r.text
