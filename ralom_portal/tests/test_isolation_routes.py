"""Website routes for clients and guests, over HTTP: only what the portal means to show.

Frappe resolves website paths loosely (spaces and their encodings, `.html`, case, DocType names as
routes, print routes, `/list?doctype=`). The matrix below tries every spelling, for every doctype
a client could be curious about, with client A's record, client B's record and a missing name, as
client A, client B, a website user linked to no customer, and a guest. Each cell must answer the
actor's one 404 page, byte for byte, and name no record.

One request loop per actor collects failures (thousands of pytest items would be slow).
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import frappe
import pytest
from frappe.utils import now_datetime, nowdate

from ralom_portal.access import doctypes as registry
from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD

UNLINKED_EMAIL = "isolation.unlinked@example.ro"
STAFF_EMAIL = "isolation.sales@ralom.ro"
PASSWORD = "Isolation#Test2026"
MARK = "ralom-route-matrix"
MISSING = "RALOM-MISSING-0000"

# Every registered portal doctype (access/doctypes.py) plus ERPNext's neighbours a client could probe.
PORTAL_DOCTYPES = registry.names()
OTHER_DOCTYPES = (
	"Customer",
	"Sales Order",
	"Delivery Note",
	"Address",
	"Contact",
	"Issue",
	"Timesheet",
	"Tag Link",
	"Event",
	"Communication",
	"Comment",
)
MATRIX_DOCTYPES = PORTAL_DOCTYPES + OTHER_DOCTYPES
ACTORS = ("client_a", "client_b", "unlinked_website_user", "guest")

# ERPNext's and Frappe's own website pages that show records, under their usual spellings.
ERPNEXT_PAGES = (
	"/invoices",
	"/invoices.html",
	"/invoices%20",
	"/%20invoices",
	"/Invoices",
	"/orders",
	"/order",
	"/shipments",
	"/addresses",
	"/timesheets",
	"/issues",
	"/rfq",
	"/material-requests",
	"/material_request_info",
	"/task_info",
	"/timelog_info",
	"/purchase-orders",
	"/purchase-invoices",
	"/supplier-quotations",
	"/newsletters",
	"/list",
	"/printview",
	"/%20printview",
	"/printpreview",
	"/search?q=a",
	"/third_party_apps",
	"/complete_signup",
	"/help",
	"/support",
	"/all-products",
	"/book-appointment",
)


def _insert(doc: dict) -> str:
	"""A record that only needs to exist (routes are the subject here, not ERPNext's validations)."""
	d = frappe.get_doc(doc)
	d.flags.ignore_validate = True
	d.flags.ignore_mandatory = True
	d.flags.ignore_links = True
	d.insert(ignore_permissions=True)
	return d.name


def _records_of(customer: str) -> dict[str, str | None]:
	"""One record per matrix doctype that belongs to (or names) `customer`; created once, committed."""
	get = frappe.db.get_value
	project = get("Project", {"customer": customer})
	quotation = get("Quotation", {"party_name": customer, "docstatus": 1}) or get(
		"Quotation", {"party_name": customer}
	)
	item = frappe.db.get_value("Item", {"is_sales_item": 1, "disabled": 0})
	company = get("Company", {}, "name")
	today = nowdate()
	subject = f"{MARK} {customer}"

	def ensure(doctype, filters, doc):
		return get(doctype, filters) or _insert({"doctype": doctype, **doc})

	records = {
		"Quotation": quotation,
		"Sales Invoice": get("Sales Invoice", {"customer": customer}),
		"Payment Entry": get("Payment Entry", {"party": customer}),
		"Project": project,
		"Task": get("Task", {"project": project}) if project else None,
		"Contract": get("Contract", {"party_name": customer}),
		"Quote Request": get("Quote Request", {"customer": customer}),
		"GL Entry": get("GL Entry", {"party_type": "Customer", "party": customer, "is_cancelled": 0}),
		"Journal Entry": get(
			"Journal Entry Account", {"party_type": "Customer", "party": customer, "docstatus": 1}, "parent"
		),
		"Support Ticket": get("Support Ticket", {"customer": customer}),
		"Support Ticket Message": get(
			"Support Ticket Message", {"ticket": get("Support Ticket", {"customer": customer}), "internal": 0}
		),
		"Customer Shipment": get("Customer Shipment", {"customer": customer, "status": ("!=", "Cancelled")}),
		"File": get("File", {"file_name": f"{MARK}-{customer}.txt"})
		or _insert(
			{
				"doctype": "File",
				"file_name": f"{MARK}-{customer}.txt",
				"attached_to_doctype": "Quotation",
				"attached_to_name": quotation,
				"is_private": 1,
				"content": b"internal",
			}
		),
		"Customer": customer,
		"Sales Order": ensure(
			"Sales Order",
			{"customer": customer},
			{
				"customer": customer,
				"company": company,
				"transaction_date": today,
				"delivery_date": today,
				"items": [{"item_code": item, "qty": 1, "rate": 100, "delivery_date": today}],
			},
		),
		"Delivery Note": ensure(
			"Delivery Note",
			{"customer": customer},
			{
				"customer": customer,
				"company": company,
				"posting_date": today,
				"items": [{"item_code": item, "qty": 1, "rate": 100}],
			},
		),
		"Address": frappe.db.get_value(
			"Dynamic Link",
			{"link_doctype": "Customer", "link_name": customer, "parenttype": "Address"},
			"parent",
		)
		or _insert(
			{
				"doctype": "Address",
				"address_title": f"{MARK} {customer}",
				"address_type": "Billing",
				"address_line1": "Strada Exemplu 1",
				"city": "Iași",
				"country": "Romania",
				"links": [{"link_doctype": "Customer", "link_name": customer}],
			}
		),
		"Contact": frappe.db.get_value(
			"Dynamic Link",
			{"link_doctype": "Customer", "link_name": customer, "parenttype": "Contact"},
			"parent",
		),
		"Issue": ensure("Issue", {"subject": subject}, {"subject": subject, "customer": customer}),
		"Timesheet": ensure(
			"Timesheet",
			{"customer": customer, "note": subject},
			{
				"customer": customer,
				"parent_project": project,
				"note": subject,
				"company": company,
				"time_logs": [{"hours": 1, "project": project, "from_time": now_datetime()}],
			},
		),
		"Tag Link": None,
		"Event": ensure(
			"Event",
			{"subject": subject},
			{
				"subject": subject,
				"starts_on": now_datetime(),
				"event_type": "Public",
				"event_participants": [{"reference_doctype": "Customer", "reference_docname": customer}],
			},
		),
		"Communication": ensure(
			"Communication",
			{"subject": subject},
			{
				"subject": subject,
				"communication_type": "Communication",
				"sent_or_received": "Sent",
				"content": "internal",
				"reference_doctype": "Quotation",
				"reference_name": quotation,
			},
		),
		"Comment": ensure(
			"Comment",
			{"content": subject},
			{
				"comment_type": "Comment",
				"reference_doctype": "Quotation",
				"reference_name": quotation,
				"content": subject,
			},
		),
	}
	# Staff tag the client's offer: /Tag%20Link must not list it.
	if not get("Tag Link", {"document_type": "Quotation", "document_name": quotation}):
		from frappe.desk.doctype.tag.tag import DocTags

		DocTags("Quotation").add(quotation, MARK)
	records["Tag Link"] = get("Tag Link", {"document_type": "Quotation", "document_name": quotation})
	return records


@pytest.fixture(scope="module")
def world(demo_data):
	frappe.set_user("Administrator")
	a, b = CLIENTS[0]["name"], CLIENTS[1]["name"]
	builders.make_portal_user(UNLINKED_EMAIL, None, first_name="Fără", last_name="Firmă", password=PASSWORD)
	if not frappe.db.exists("User", STAFF_EMAIL):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": STAFF_EMAIL,
				"first_name": "Isolation Sales",
				"send_welcome_email": 0,
				"roles": [{"role": "Sales User"}],
			}
		).insert(ignore_permissions=True)
	from frappe.utils.password import update_password

	update_password(STAFF_EMAIL, PASSWORD)
	records = {"a": _records_of(a), "b": _records_of(b)}
	frappe.db.commit()
	assert set(MATRIX_DOCTYPES) <= set(records["a"]), (
		"add a record of each client for every registered doctype"
	)
	assert all(records["a"].values()), records["a"]
	names = {n for side in records.values() for n in side.values() if n}
	return frappe._dict(a=a, b=b, records=records, names=names)


@pytest.fixture(scope="module")
def actors(server, world):
	clients = {
		"client_a": server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD),
		"client_b": server.client(CLIENTS[1]["users"][0]["email"], DEMO_PASSWORD),
		"unlinked_website_user": server.client(UNLINKED_EMAIL, PASSWORD),
		"guest": server.client(),
		"staff_sales_user": server.client(STAFF_EMAIL, PASSWORD),
	}
	for c in clients.values():
		c.open_portal()
	return clients


def doctype_paths(doctype: str) -> list[str]:
	"""DocType routes (Frappe's list page) under every spelling."""
	enc = quote(doctype)
	return [
		f"/{enc}",
		f"/{quote(doctype.lower())}",
		f"/%20{enc}",
		f"/{enc}%20",
		f"/{enc}.html",
		f"/{quote(doctype.lower().replace(' ', '-'))}",
		f"/list?doctype={enc}",
		f"/%20list.html?doctype={enc}",
	]


# ERPNext's portal routes for one record, by doctype.
ERPNEXT_RECORD_ROUTES = {
	"Sales Order": ("/orders/{n}", "/%20orders/{n}"),
	"Sales Invoice": ("/invoices/{n}", "/%20invoices/{n}", "/invoices/{n}.html"),
	"Delivery Note": ("/shipments/{n}",),
	"Task": ("/task_info?task={n}",),
	"Timesheet": ("/timelog_info?timelog={n}",),
}


def record_paths(doctype: str, name: str) -> list[str]:
	"""Print, document and ERPNext portal routes for one record, under every spelling."""
	enc, n = quote(doctype), quote(name, safe="")
	settings = quote(json.dumps({"compact_item_print": 1}))
	paths = [
		f"/{enc}/{n}",
		f"/{quote(doctype.lower())}/{n}",
		f"/%20{enc}/{n}",
		f"/{enc}/{n}.html",
		f"/{enc}/{n}?format=Standard&settings={settings}",
		f"/printview?doctype={enc}&name={n}",
		f"/%20printview?doctype={enc}&name={n}&format=Standard&settings={settings}",
		f"/order?doctype={enc}&name={n}",
	]
	return paths + [route.format(n=n) for route in ERPNEXT_RECORD_ROUTES.get(doctype, ())]


# Spellings the matrix produces that are meant to answer: Frappe's "Contact Us" page (staff-written
# web content, no records) and ERPNext's /project, which the portal redirects to /portal/projects.
OPEN_BY_DESIGN = {"/contact": (200,), "/project": (301, 302)}


def matrix_paths(world) -> list[str]:
	paths = list(ERPNEXT_PAGES)
	for doctype in MATRIX_DOCTYPES:
		paths += doctype_paths(doctype)
		names = {world.records["a"][doctype], world.records["b"][doctype], MISSING}
		for name in sorted(n for n in names if n):
			paths += record_paths(doctype, name)
	# Spellings collapse (e.g. the same ERPNext page for several doctypes): count each path once.
	return [p for p in dict.fromkeys(paths) if p not in OPEN_BY_DESIGN]


def canonical_404(client) -> str:
	r = client.get("/ralom-no-such-page")
	assert r.status_code == 404, r.status_code
	return r.text


@pytest.mark.http
def test_website_route_matrix_answers_one_404_for_every_spelling(actors, world):
	"""Every cell: status 404, the actor's one 404 body, no record name, no traceback."""
	import time

	paths = matrix_paths(world)
	failures, cells, started = [], 0, time.monotonic()
	for actor in ACTORS:
		client = actors[actor]
		expected = canonical_404(client)
		assert not any(name in expected for name in world.names)
		for path in paths:
			r = client.get(path)
			if r.status_code != 404 or r.text != expected:
				failures.append((actor, path, r.status_code, r.text[:120]))
		cells += len(paths)
		for path, statuses in OPEN_BY_DESIGN.items():
			r = client.get(path)
			if r.status_code not in statuses or any(name in r.text for name in world.names):
				failures.append((actor, path, r.status_code, "open by design, but"))
	elapsed = time.monotonic() - started
	print(
		f"website route matrix: {cells} cells ({len(paths)} paths x {len(ACTORS)} actors) in {elapsed:.0f} s"
	)
	assert not failures, f"{len(failures)} of {cells} cells failed, e.g. {failures[:15]}"


@pytest.mark.http
def test_same_404_for_own_foreign_and_missing_records(actors, world):
	"""The crux of the matrix, spelled out: A's record, B's record and a missing one are alike."""
	for actor in ACTORS:
		client = actors[actor]
		for doctype in ("Customer", "Quote Request", "Project", "Sales Order"):
			bodies = {}
			for label, name in (
				("a", world.records["a"][doctype]),
				("b", world.records["b"][doctype]),
				("x", MISSING),
			):
				if not name:
					continue
				r = client.get(f"/{quote(doctype)}/{quote(name, safe='')}")
				bodies[label] = (r.status_code, r.text)
			assert len(set(bodies.values())) == 1, (actor, doctype, {k: v[0] for k, v in bodies.items()})


@pytest.mark.http
def test_clients_reach_the_pages_the_portal_means_to_show(actors, world):
	a_email = CLIENTS[0]["users"][0]["email"]
	web_page = _published_web_page()
	for actor in ACTORS:
		client = actors[actor]
		for path in ("/login", "/update-password", "/portal/register", "/robots.txt", f"/{web_page}"):
			r = client.get(path)
			assert r.status_code in (200, 301, 302, 303), (actor, path, r.status_code)
			assert "Traceback" not in r.text
		r = client.get("/portal")
		# The unlinked user gets the portal's own "no access yet" page.
		expected = {"guest": (301, 302), "unlinked_website_user": (403,)}.get(actor, (200,))
		assert r.status_code in expected, (actor, r.status_code)
	a = actors["client_a"]
	assert a.get(f"/update-profile/{quote(a_email)}/edit").status_code == 200
	# ERPNext's own /quotations is sent to the portal's offers, for everyone.
	r = a.get("/quotations")
	assert r.status_code in (301, 302) and r.headers["Location"].endswith("/portal/offers")


def _published_web_page() -> str:
	route = "ralom-route-matrix-public"
	if not frappe.db.exists("Web Page", {"route": route}):
		frappe.get_doc(
			{
				"doctype": "Web Page",
				"title": "Ralom route matrix public page",
				"route": route,
				"published": 1,
				"content_type": "Rich Text",
				"main_section": "<p>Public</p>",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return route


@pytest.mark.http
def test_profile_form_is_only_for_the_users_own_profile(actors, world):
	"""Another user's profile, a missing one and the form's list/new views: the one 404."""
	a_email = CLIENTS[0]["users"][0]["email"]
	b_email = CLIENTS[1]["users"][0]["email"]
	for actor in ACTORS:
		client = actors[actor]
		other = b_email if actor == "client_a" else a_email
		expected = canonical_404(client)
		for path in (
			f"/update-profile/{quote(other)}/edit",
			f"/update-profile/{quote(other)}",
			"/update-profile/nobody%40example.ro/edit",
			"/update-profile/new",
			"/update-profile/list",
			"/update-profile",
			f"/update-profile/{quote(other.upper())}/edit",
			f"/%20update-profile/{quote(other)}/edit.html",
		):
			r = client.get(path)
			assert (r.status_code, r.text) == (404, expected), (actor, path, r.status_code)


@pytest.mark.http
def test_profile_form_accept_refuses_other_users_and_files_alike(actors, world):
	a_email = CLIENTS[0]["users"][0]["email"]
	b_email = CLIENTS[1]["users"][0]["email"]
	method = "/api/method/frappe.website.doctype.web_form.web_form.accept"
	image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
	cases = {
		"other_user": {"name": a_email, "doctype": "User", "first_name": "Pwned"},
		"missing_user": {"name": "nobody@example.ro", "doctype": "User", "first_name": "Pwned"},
		"new_user": {"doctype": "User", "first_name": "Pwned", "email": "new@example.ro"},
		"own_profile_with_file": {"name": b_email, "doctype": "User", "user_image": f"x.png,{image}"},
	}
	for actor in ("client_b", "guest"):
		bodies = set()
		for label, data in cases.items():
			r = actors[actor].post(method, data={"web_form": "edit-profile", "data": json.dumps(data)})
			assert r.status_code == 403, (actor, label, r.status_code, r.text[:200])
			bodies.add(r.text)
		assert len(bodies) == 1, (actor, bodies)  # the same refusal, in the actor's language
	frappe.db.rollback()
	assert frappe.db.get_value("User", a_email, "first_name") != "Pwned"
	assert not frappe.db.get_value("User", b_email, "user_image")


@pytest.mark.http
def test_desk_users_still_get_print_and_list_pages(actors, world):
	staff = actors["staff_sales_user"]
	quotation = world.records["a"]["Quotation"]
	r = staff.get("/printview", params={"doctype": "Quotation", "name": quotation})
	assert r.status_code == 200, r.status_code
	assert quotation in r.text


@pytest.mark.http
def test_bad_paths_answer_400_or_404_never_a_server_error(actors):
	paths = (
		"/%00",
		"/portal%00",
		"/portal/offers/%00x",
		"/api/method/ping%00",
		"/" + "a" * 10000,
		"/portal/" + "a" * 3000,
		"/%E0%A4%A",
		"/%ff%fe",
		"/portal/%C0%AF",
		"/%zz",
		"/p%D0%BErtal",  # Cyrillic o
		"/%EF%BD%90%EF%BD%8F%EF%BD%92%EF%BD%94%EF%BD%81%EF%BD%8C",  # fullwidth "portal"
		"/portal/..%2f..%2fapp",
		"/portal/../Quotation",
		"/login%E2%80%8B",  # zero-width space
		"/Quotation%E2%80%8B",
	)
	for actor in ACTORS:
		for path in paths:
			r = actors[actor].get(path)
			assert r.status_code in (400, 404), (actor, path, r.status_code)
			assert "Traceback" not in r.text and "Server Error" not in r.text, (actor, path)


@pytest.mark.http
def test_names_under_our_api_that_are_not_whitelisted_get_the_gates_403(actors):
	names = (
		"ralom_portal.api.offers.rules",
		"ralom_portal.api.offers",
		"ralom_portal.api",
		"ralom_portal.api.offers.frappe",
		"ralom_portal.api.offers._",
		"ralom_portal.api.no_such_module.method",
		"ralom_portal.api.offers.no_such_function",
		"ralom_portal.api..offers",
		"ralom_portal.api.offers.download_pdf.__globals__",
	)
	for actor in ("client_a", "client_b", "guest"):
		bodies = set()
		for name in names:
			r = actors[actor].get(f"/api/method/{name}")
			assert r.status_code == 403, (actor, name, r.status_code, r.text[:200])
			bodies.add(r.text)
		# The same body as any other refusal of the gate.
		bodies.add(actors[actor].get("/api/method/frappe.client.get_list", params={"doctype": "User"}).text)
		assert len(bodies) == 1, (actor, bodies)


@pytest.mark.http
def test_own_project_is_never_rendered_with_costing_or_notes(actors, world):
	"""Client A's own Project, through every route: no internal notes, no costing figure."""
	project = world.records["a"]["Project"]
	note, cost = "RALOM-INTERNAL-NOTE-7731", 987654.32
	before = frappe.db.get_value("Project", project, ["notes", "estimated_costing"], as_dict=True)
	frappe.db.set_value("Project", project, {"notes": f"<p>{note}</p>", "estimated_costing": cost})
	frappe.db.commit()
	try:
		a = actors["client_a"]
		paths = doctype_paths("Project") + record_paths("Project", project)
		paths += [
			"/portal",
			"/portal/projects",
			f"/portal/projects/{quote(project)}",
			f"/api/method/ralom_portal.api.projects.gantt?project={quote(project)}",
		]
		leaks = []
		for path in paths:
			r = a.get(path)
			if note in r.text or re.search(r"987[.,\s]?654", r.text):
				leaks.append((path, r.status_code))
		assert not leaks, leaks
		assert a.get(f"/portal/projects/{quote(project)}").status_code == 200
	finally:
		frappe.db.set_value("Project", project, dict(before))
		frappe.db.commit()


@pytest.mark.http
def test_desk_share_or_assignment_never_widens_what_a_client_sees(actors, world):
	"""Staff share client A's offer with client B's user and assign it to them: B still sees nothing."""
	b_email = CLIENTS[1]["users"][0]["email"]
	quotation = world.records["a"]["Quotation"]
	frappe.share.add_docshare(
		"Quotation", quotation, b_email, read=1, write=1, flags={"ignore_share_permission": True}
	)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": b_email,
			"reference_type": "Quotation",
			"reference_name": quotation,
			"description": MARK,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		b = actors["client_b"]
		expected = canonical_404(b)
		for path in record_paths("Quotation", quotation) + doctype_paths("Quotation"):
			r = b.get(path)
			assert (r.status_code, r.text) == (404, expected), (path, r.status_code)
		assert b.get(f"/portal/offers/{quote(quotation)}").status_code == 403
		r = b.get("/portal/offers")
		assert quotation not in r.text
		for path in (f"/api/resource/Quotation/{quotation}", "/api/method/frappe.desk.form.load.getdoc"):
			assert b.get(path, params={"doctype": "Quotation", "name": quotation}).status_code == 403
		r = b.get("/api/method/ralom_portal.api.offers.download_pdf", params={"name": quotation})
		assert r.status_code == 403
	finally:
		frappe.db.delete("DocShare", {"share_doctype": "Quotation", "share_name": quotation, "user": b_email})
		frappe.db.delete("ToDo", {"reference_name": quotation, "allocated_to": b_email})
		frappe.db.commit()


@pytest.mark.http
def test_portal_pages_and_files_send_security_headers(actors, world):
	a = actors["client_a"]
	quotation = frappe.db.sql(
		"select name from `tabQuotation` where party_name = %s and docstatus = 1 order by name limit 1",
		world.a,
	)[0][0]
	responses = {
		"dashboard": a.get("/portal"),
		"offers": a.get("/portal/offers"),
		"offer": a.get(f"/portal/offers/{quote(quotation)}"),
		"pdf": a.get("/api/method/ralom_portal.api.offers.download_pdf", params={"name": quotation}),
		"login": actors["guest"].get("/login"),
		"not_found": a.get("/Quotation"),
	}
	assert responses["pdf"].headers["Content-Type"].startswith("application/pdf")
	for label, r in responses.items():
		h = r.headers
		assert h.get("X-Frame-Options") == "DENY", label
		assert "frame-ancestors 'none'" in h.get("Content-Security-Policy", ""), label
		assert h.get("X-Content-Type-Options") == "nosniff", label
		assert h.get("Referrer-Policy") == "same-origin", label
	assert "script-src 'self'" in responses["dashboard"].headers["Content-Security-Policy"]


def test_reopened_routes_let_a_company_give_back_an_erpnext_page():
	"""The settings list re-opens exactly the routes named (and what lies below them)."""
	from ralom_portal.access import routes

	settings = frappe.get_single("Client Portal Settings")
	settings.reopened_routes = "orders\n/shipments/"
	settings.save()
	assert routes.decide("orders")[0] == routes.ALLOW
	assert routes.decide("orders/SAL-ORD-0001")[0] == routes.ALLOW
	assert routes.decide("shipments")[0] == routes.ALLOW
	assert routes.decide("Sales Order")[0] == routes.DENY
	assert routes.decide("invoices")[0] == routes.DENY
	settings.reopened_routes = "orders?x=1"
	with pytest.raises(frappe.ValidationError):
		settings.save()


def test_route_decisions_are_cached_and_cheap():
	"""The gate resolves a path once per process; later requests are a dictionary lookup."""
	import time

	from ralom_portal.access import routes

	frappe.set_user("Guest")
	routes.forget_decisions()
	assert routes.is_allowed("/Sales Invoice") is False
	assert routes.is_allowed("/portal/offers") is True
	queries = frappe.db.sql
	calls = []

	def counting(*args, **kwargs):
		calls.append(args[0])
		return queries(*args, **kwargs)

	frappe.db.sql = counting
	try:
		start = time.perf_counter()
		for _i in range(1000):
			for path in ("/Sales Invoice", "/portal/offers"):
				frappe.local.cache.clear()  # as in a new request
				routes.is_allowed(path)
		elapsed = (time.perf_counter() - start) / 2000
	finally:
		frappe.db.sql = queries
	assert calls == [], calls[:3]  # cached decisions touch no database
	print(f"route gate, cached decision: {elapsed * 1e6:.1f} µs per request")
