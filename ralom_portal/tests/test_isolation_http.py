"""Tenant isolation over HTTP, against the served test site.

Actors × Frappe/ERPNext generic endpoints × portal doctypes. Every cell asserts the exact status
and that no record name of client A (the owner of the records) appears in the body. Our own pages
and API: `test_isolation_portal_http.py`; website routes: `test_isolation_routes_http.py`.
"""

import json

import frappe
import pytest

from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.tests import isolation_world
from ralom_portal.tests.http_actors import NON_STAFF
from ralom_portal.tests.isolation_world import DOCTYPES

# The world and its logged-in actors, shared with the other isolation module (tests/isolation_world.py).
world = isolation_world.world
actors = isolation_world.actors


def endpoints(doctype, name):
	q = json.dumps
	return {
		"rest_list": (
			"GET",
			f"/api/resource/{doctype}",
			{"params": {"fields": q(["name"]), "limit_page_length": 0}},
		),
		"rest_get": ("GET", f"/api/resource/{doctype}/{name}", {}),
		"rest_create": ("POST", f"/api/resource/{doctype}", {"json": {"customer": "x"}}),
		"rest_update": ("PUT", f"/api/resource/{doctype}/{name}", {"json": {"title": "pwned"}}),
		"rest_delete": ("DELETE", f"/api/resource/{doctype}/{name}", {}),
		"v2_get": ("GET", f"/api/v2/document/{doctype}/{name}", {}),
		"v2_list": ("GET", f"/api/v2/document/{doctype}", {}),
		"client_get": (
			"GET",
			"/api/method/frappe.client.get",
			{"params": {"doctype": doctype, "name": name}},
		),
		"client_get_list": ("GET", "/api/method/frappe.client.get_list", {"params": {"doctype": doctype}}),
		"client_get_value": (
			"GET",
			"/api/method/frappe.client.get_value",
			{"params": {"doctype": doctype, "filters": q({"name": name}), "fieldname": "name"}},
		),
		"client_get_count": ("GET", "/api/method/frappe.client.get_count", {"params": {"doctype": doctype}}),
		"search_link": (
			"GET",
			"/api/method/frappe.desk.search.search_link",
			{"params": {"doctype": doctype, "txt": name[:6]}},
		),
		"search_widget": (
			"GET",
			"/api/method/frappe.desk.search.search_widget",
			{"params": {"doctype": doctype, "txt": ""}},
		),
		"reportview": (
			"GET",
			"/api/method/frappe.desk.reportview.get",
			{"params": {"doctype": doctype, "fields": q(["name"])}},
		),
		"getdoc": (
			"GET",
			"/api/method/frappe.desk.form.load.getdoc",
			{"params": {"doctype": doctype, "name": name}},
		),
		"get_docinfo": (
			"GET",
			"/api/method/frappe.desk.form.load.get_docinfo",
			{"params": {"doctype": doctype, "name": name}},
		),
		# Print pages (/printview, /<DocType>/<name>) are website routes: test_isolation_routes.py.
		"download_pdf": (
			"GET",
			"/api/method/frappe.utils.print_format.download_pdf",
			{"params": {"doctype": doctype, "name": name}},
		),
		"legacy_cmd_get": (
			"POST",
			"/",
			{"data": {"cmd": "frappe.client.get", "doctype": doctype, "name": name}},
		),
		# Frappe runs `cmd` before the path: an allowed path must not smuggle another method in.
		"cmd_smuggled_on_allowed_path": (
			"GET",
			"/api/method/ping",
			{"params": {"cmd": "frappe.client.get_list", "doctype": doctype, "fields": q(["name"])}},
		),
		"cmd_smuggled_in_json_body": (
			"POST",
			"/api/method/ralom_portal.api.session.set_language",
			{"json": {"cmd": "frappe.client.get", "doctype": doctype, "name": name}},
		),
		"upload_file": (
			"POST",
			"/api/method/upload_file",
			{"files": {"file": ("x.txt", b"x")}, "data": {"doctype": doctype, "docname": name}},
		),
		"website_add_comment": (
			"POST",
			"/api/method/frappe.templates.includes.comments.comments.add_comment",
			{
				"data": {
					"reference_doctype": doctype,
					"reference_name": name,
					"comment": "hi",
					"comment_by": "x",
					"comment_email": "x@x.ro",
				}
			},
		),
		"add_tag": (
			"POST",
			"/api/method/frappe.desk.doctype.tag.tag.add_tag",
			{"data": {"tag": "leak", "dt": doctype, "dn": name}},
		),
		"toggle_like": (
			"POST",
			"/api/method/frappe.desk.like.toggle_like",
			{"data": {"doctype": doctype, "name": name, "add": "Yes"}},
		),
		"realtime_can_subscribe_doc": (
			"GET",
			"/api/method/frappe.realtime.can_subscribe_doc",
			{"params": {"doctype": doctype, "docname": name}},
		),
		"make_payment_request": (
			"POST",
			"/api/method/erpnext.accounts.doctype.payment_request.payment_request.make_payment_request",
			{"data": {"dt": doctype, "dn": name, "submit_doc": 1}},
		),
	}


CELLS = [(actor, doctype) for actor in NON_STAFF for doctype in DOCTYPES]


@pytest.mark.http
@pytest.mark.parametrize(("actor", "doctype"), CELLS)
def test_generic_endpoints_refuse_portal_users_and_guests(actors, world, actor, doctype):
	"""Each endpoint answers 403 with one and the same body, naming no record of client A."""
	name = world.records[doctype]
	bodies = set()
	for label, (method, path, kw) in endpoints(doctype, name).items():
		r = actors[actor].request(method, path, **kw)
		assert r.status_code == 403, (actor, doctype, label, r.status_code, r.text[:200])
		assert name not in r.text and world.draft not in r.text, (actor, doctype, label)
		assert "Traceback" not in r.text, (actor, doctype, label)
		bodies.add(r.text)
	assert len(bodies) == 1, bodies  # nothing tells a foreign record from a missing one


@pytest.mark.http
def test_erpnext_portal_pages_are_closed_to_portal_users(actors, world):
	"""ERPNext's own portal lists bypass our rules (ignore_permissions); clients never reach them.

	They get the route gate's one 404 (every spelling: test_isolation_routes.py)."""
	invoice = world.records["Sales Invoice"]
	pages = [
		"/invoices",
		f"/invoices/{invoice}",
		"/orders",
		"/shipments",
		"/addresses",
		"/timesheets",
		"/material-requests",
		"/rfq",
		"/issues",
		f"/task_info?task={world.records['Task']}",
		"/purchase-orders",
	]
	for actor in NON_STAFF:
		expected = actors[actor].get("/ralom-no-such-page").text
		for page in pages:
			r = actors[actor].get(page)
			assert r.status_code == 404, (actor, page, r.status_code)
			assert r.text == expected, (actor, page)
			assert invoice not in r.text


@pytest.mark.http
def test_private_file_urls_are_refused_to_portal_users(actors):
	for actor in NON_STAFF:
		r = actors[actor].get("/private/files/anything.pdf")
		assert r.status_code == 403, actor


@pytest.mark.http
def test_staff_sales_user_still_sees_all_quotations_in_the_desk_api(actors, world):
	r = actors["staff_sales_user"].get(
		"/api/resource/Quotation",
		params={"limit_page_length": 0, "filters": json.dumps({"docstatus": ["<", 2]})},
	)
	assert r.status_code == 200, r.text[:300]
	names = {row["name"] for row in r.json()["data"]}
	b_quote = frappe.db.get_value("Quotation", {"party_name": world.b, "docstatus": 1})
	assert {world.records["Quotation"], b_quote, world.draft} <= names


@pytest.mark.http
def test_csrf_token_is_required_for_portal_writes(server, world):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	method = "/api/method/ralom_portal.api.session.set_language"
	# A fresh session with no token yet: refused outright.
	assert c.post(method, data={"language": "ro"}).status_code == 403
	c.open_portal()
	assert c.csrf_token
	# With a token in the session, a request without the header is rejected by Frappe ...
	r = c.post(method, data={"language": "ro"}, headers={"X-Frappe-CSRF-Token": "forged"})
	assert r.status_code in (400, 403), r.status_code
	# ... and the page's own token works.
	assert c.post(method, data={"language": "ro"}).status_code == 200


@pytest.mark.http
def test_portal_writes_refuse_get(server):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	c.open_portal()
	r = c.get("/api/method/ralom_portal.api.session.set_language", params={"language": "en"})
	assert r.status_code in (403, 405), r.status_code
