"""Tenant isolation over HTTP, against the served test site.

Actors × Frappe/ERPNext generic endpoints × portal doctypes. Every cell asserts the exact status
and that no record name of client A (the owner of the records) appears in the body.
"""

import json

import frappe
import pytest

from ralom_portal.access.doctypes import names
from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.ralom_portal.doctype.portal_contract_signature.signing import terms_hash
from ralom_portal.tests import factories

STAFF_EMAIL = "isolation.sales@ralom.ro"
UNLINKED_EMAIL = "isolation.unlinked@example.ro"
PASSWORD = "Isolation#Test2026"

# Every portal doctype from the registry except File, which has its own rows (private file URLs).
DOCTYPES = tuple(dt for dt in names() if dt != "File")


@pytest.fixture(scope="module")
def world(demo_data):
	"""Committed actors and client A's records (idempotent: reused across runs)."""
	frappe.set_user("Administrator")
	a, b = CLIENTS[0]["name"], CLIENTS[1]["name"]
	factories.committed_staff_user(STAFF_EMAIL, PASSWORD)
	builders.make_portal_user(UNLINKED_EMAIL, None, first_name="Fără", last_name="Firmă", password=PASSWORD)
	draft = (
		frappe.db.get_value("Quotation", {"party_name": a, "docstatus": 0})
		or builders.make_quotation(a, [("RP-CONS", 1, 250)], submit=False).name
	)
	project = frappe.db.get_value("Project", {"customer": a})
	# A draft contract of A that staff have not sent for signature: invisible even to A.
	contract_draft = (
		frappe.db.get_value("Contract", {"party_name": a, "docstatus": 0, "ralom_sent_for_signature": 0})
		or builders.make_contract(a, submit=False).name
	)
	# A's contract awaiting signature (demo data): B must not be able to sign it.
	contract_to_sign = frappe.db.get_value(
		"Contract", {"party_name": a, "docstatus": 0, "ralom_sent_for_signature": 1, "is_signed": 0}
	)
	records = {
		# An open, undecided offer of A (the demo also has one A accepted).
		"Quotation": frappe.db.sql(
			"""select name from `tabQuotation` where party_name = %s and docstatus = 1 and status = 'Open'
			and ifnull(ralom_portal_decision, '') = '' order by name limit 1""",
			a,
		)[0][0],
		"Sales Invoice": frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 1}),
		"Payment Entry": frappe.db.get_value("Payment Entry", {"party": a, "docstatus": 1}),
		"GL Entry": frappe.db.get_value(
			"GL Entry", {"party_type": "Customer", "party": a, "is_cancelled": 0}
		),
		"Journal Entry": frappe.db.get_value(
			"Journal Entry Account", {"party_type": "Customer", "party": a, "docstatus": 1}, "parent"
		),
		"Project": project,
		"Task": frappe.db.get_value("Task", {"project": project}),
		"Contract": frappe.db.get_value("Contract", {"party_name": a, "docstatus": 1}),
		"Quote Request": frappe.db.get_value("Quote Request", {"customer": a}),
		"Support Ticket": frappe.db.get_value("Support Ticket", {"customer": a}),
		"Support Ticket Message": frappe.db.sql(
			"""select m.name from `tabSupport Ticket Message` m join `tabSupport Ticket` t on t.name = m.ticket
			where t.customer = %s and m.internal = 0 order by m.creation limit 1""",
			a,
		)[0][0],
		# A's delivered demo shipment (it has a proof of delivery and an invoice).
		"Customer Shipment": frappe.db.get_value("Customer Shipment", {"customer": a, "status": "Delivered"}),
	}
	invoice_draft = frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 0}) or (
		builders.make_sales_invoice(a, [("RP-CONS", 1, 250)], submit=False).name
	)
	invoice_cancelled = frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 2})
	if not invoice_cancelled:
		doc = builders.make_sales_invoice(a, [("RP-CONS", 1, 250)])
		doc.cancel()
		invoice_cancelled = doc.name
	frappe.db.commit()
	assert set(records) == set(DOCTYPES), "add a record of client A for every registered doctype"
	assert all(records.values()), records
	status = frappe.db.get_value("Quote Request", records["Quote Request"], "status")
	assert contract_to_sign
	return frappe._dict(
		a=a,
		b=b,
		records=records,
		draft=draft,
		quote_request_status=status,
		invoice_draft=invoice_draft,
		invoice_cancelled=invoice_cancelled,
		contract_draft=contract_draft,
		contract_to_sign=contract_to_sign,
	)


@pytest.fixture(scope="module")
def actors(server, world):
	a_users = CLIENTS[0]["users"]
	b_user = CLIENTS[1]["users"][0]
	clients = {
		"client_a": server.client(a_users[0]["email"], DEMO_PASSWORD),
		"client_a_second_contact": server.client(a_users[1]["email"], DEMO_PASSWORD),
		"client_b": server.client(b_user["email"], DEMO_PASSWORD),
		"unlinked_website_user": server.client(UNLINKED_EMAIL, PASSWORD),
		"guest": server.client(),
		"staff_sales_user": server.client(STAFF_EMAIL, PASSWORD),
	}
	for c in clients.values():
		c.open_portal()
	return clients


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


NON_STAFF = ("client_a", "client_a_second_contact", "client_b", "unlinked_website_user", "guest")
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


def _validated_invoice() -> str:
	"""Client A's demo invoice that ANAF validated (demo/efactura.py): it has both downloads."""
	name = frappe.db.get_value(
		"Sales Invoice",
		{"customer": CLIENTS[0]["name"], "docstatus": 1, "ralom_efactura_status": "Validated"},
	)
	assert name
	return name


def portal_endpoints(world):
	"""Our own pages and API, aimed at client A's records, a draft and a name that does not exist."""
	q, p = world.records["Quotation"], world.records["Project"]
	return {
		"offer_page": ("GET", f"/portal/offers/{q}", {}),
		"draft_offer_page": ("GET", f"/portal/offers/{world.draft}", {}),
		"missing_offer_page": ("GET", "/portal/offers/SAL-QTN-0000-99999", {}),
		"offer_pdf": ("GET", "/api/method/ralom_portal.api.offers.download_pdf", {"params": {"name": q}}),
		"draft_offer_pdf": (
			"GET",
			"/api/method/ralom_portal.api.offers.download_pdf",
			{"params": {"name": world.draft}},
		),
		"accept_offer": (
			"POST",
			"/api/method/ralom_portal.api.offers.accept",
			{"data": {"name": q, "content_hash": "x"}},
		),
		"reject_offer": (
			"POST",
			"/api/method/ralom_portal.api.offers.reject",
			{"data": {"name": q, "reason": "Preț prea mare"}},
		),
		"invoice_page": ("GET", f"/portal/invoices/{world.records['Sales Invoice']}", {}),
		"draft_invoice_page": ("GET", f"/portal/invoices/{world.invoice_draft}", {}),
		"cancelled_invoice_page": ("GET", f"/portal/invoices/{world.invoice_cancelled}", {}),
		"missing_invoice_page": ("GET", "/portal/invoices/ACC-SINV-0000-99999", {}),
		"invoice_pdf": (
			"GET",
			"/api/method/ralom_portal.api.invoices.invoice_pdf",
			{"params": {"name": world.records["Sales Invoice"]}},
		),
		"draft_invoice_pdf": (
			"GET",
			"/api/method/ralom_portal.api.invoices.invoice_pdf",
			{"params": {"name": world.invoice_draft}},
		),
		# e-Factura downloads (api/efactura.py): client A's validated invoice, a draft, a missing name.
		**{
			f"efactura_{label}_{kind}": (
				"GET",
				"/api/method/ralom_portal.api.efactura.download",
				{"params": {"name": name, "kind": kind}},
			)
			for label, name in (
				("validated", _validated_invoice()),
				("draft", world.invoice_draft),
				("missing", "ACC-SINV-0000-99999"),
			)
			for kind in ("xml", "zip")
		},
		"project_page": ("GET", f"/portal/projects/{p}", {}),
		"missing_project_page": ("GET", "/portal/projects/PROJ-99999", {}),
		"gantt_api": ("GET", "/api/method/ralom_portal.api.projects.gantt", {"params": {"project": p}}),
		"quote_request_page": ("GET", f"/portal/quote-requests/{world.records['Quote Request']}", {}),
		"cancel_quote_request": (
			"POST",
			"/api/method/ralom_portal.api.quote_requests.cancel",
			{"data": {"name": world.records["Quote Request"]}},
		),
		"ticket_page": ("GET", f"/portal/tickets/{world.records['Support Ticket']}", {}),
		"missing_ticket_page": ("GET", "/portal/tickets/TKT-99999", {}),
		"ticket_reply": (
			"POST",
			"/api/method/ralom_portal.api.tickets.reply",
			{"data": {"name": world.records["Support Ticket"], "body": "Intru"}},
		),
		"ticket_resolve": (
			"POST",
			"/api/method/ralom_portal.api.tickets.resolve",
			{"data": {"name": world.records["Support Ticket"]}},
		),
		"ticket_reopen": (
			"POST",
			"/api/method/ralom_portal.api.tickets.reopen",
			{"data": {"name": world.records["Support Ticket"]}},
		),
		"contract_page": ("GET", f"/portal/contracts/{world.records['Contract']}", {}),
		"draft_contract_page": ("GET", f"/portal/contracts/{world.contract_draft}", {}),
		"missing_contract_page": ("GET", "/portal/contracts/Nu exista - 99", {}),
		"contract_pdf": (
			"GET",
			"/api/method/ralom_portal.api.contracts.download_pdf",
			{"params": {"name": world.records["Contract"]}},
		),
		"draft_contract_pdf": (
			"GET",
			"/api/method/ralom_portal.api.contracts.download_pdf",
			{"params": {"name": world.contract_draft}},
		),
		"shipment_page": ("GET", f"/portal/shipments/{world.records['Customer Shipment']}", {}),
		"missing_shipment_page": ("GET", "/portal/shipments/SHP-99999", {}),
		"confirm_shipment_receipt": (
			"POST",
			"/api/method/ralom_portal.api.shipments.confirm_receipt",
			{"data": {"name": world.records["Customer Shipment"]}},
		),
		"report_shipment_problem": (
			"POST",
			"/api/method/ralom_portal.api.shipments.report_problem",
			{"data": {"name": world.records["Customer Shipment"], "description": "Intru"}},
		),
		"sign_contract": (
			"POST",
			"/api/method/ralom_portal.api.contracts.sign",
			{
				"data": {
					"name": world.contract_to_sign,
					"full_name": "Intrus",
					"accept": "1",
					"terms_hash": terms_hash(
						frappe.db.get_value("Contract", world.contract_to_sign, "contract_terms")
					),
				}
			},
		),
	}


@pytest.mark.http
@pytest.mark.parametrize("actor", ("client_b", "unlinked_website_user"))
def test_portal_pages_and_api_refuse_another_clients_records_alike(actors, world, actor):
	"""A foreign record, a draft and a missing name get the same refusal and reveal nothing."""
	statuses = {}
	for label, (method, path, kw) in portal_endpoints(world).items():
		r = actors[actor].request(method, path, **kw)
		statuses[label] = r.status_code
		assert r.status_code == 403, (actor, label, r.status_code, r.text[:200])
		for name in world.records.values():
			assert name not in r.text.replace(path, ""), (actor, label, name)
		assert "Traceback" not in r.text
	# Nothing changed for client A's offer or quote request.
	frappe.db.rollback()
	assert frappe.db.get_value("Quotation", world.records["Quotation"], "status") != "Lost"
	assert not frappe.db.get_value("Portal Offer Decision", {"quotation": world.records["Quotation"]})
	before = world.quote_request_status
	assert frappe.db.get_value("Quote Request", world.records["Quote Request"], "status") == before
	assert not frappe.db.get_value("Contract", world.contract_to_sign, "is_signed")
	assert not frappe.db.exists("Portal Contract Signature", {"contract": world.contract_to_sign})
	shipment = world.records["Customer Shipment"]
	assert not frappe.db.get_value("Customer Shipment", shipment, "received_confirmed_on")
	assert not frappe.db.exists(
		"Support Ticket", {"reference_doctype": "Customer Shipment", "reference_name": shipment}
	)


@pytest.mark.http
def test_guest_is_sent_to_login_from_every_portal_page(actors, world):
	for label, (method, path, kw) in portal_endpoints(world).items():
		r = actors["guest"].request(method, path, **kw)
		if path.startswith("/api/"):
			assert r.status_code == 403, (label, r.status_code)
		else:
			assert r.status_code in (301, 302), (label, r.status_code)
			assert "/login?redirect-to=" in r.headers["Location"]


@pytest.mark.http
def test_client_a_reaches_its_own_records_through_the_portal(actors, world):
	for actor in ("client_a", "client_a_second_contact"):
		c = actors[actor]
		assert c.get(f"/portal/offers/{world.records['Quotation']}").status_code == 200
		assert c.get(f"/portal/projects/{world.records['Project']}").status_code == 200
		assert c.get(f"/portal/invoices/{world.records['Sales Invoice']}").status_code == 200
		for kind in ("xml", "zip"):
			params = {"name": _validated_invoice(), "kind": kind}
			assert c.get("/api/method/ralom_portal.api.efactura.download", params=params).status_code == 200
		assert c.get(f"/portal/shipments/{world.records['Customer Shipment']}").status_code == 200
		r = c.get(
			"/api/method/ralom_portal.api.offers.download_pdf", params={"name": world.records["Quotation"]}
		)
		assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/pdf")
		# The draft stays invisible to its own customer.
		assert c.get(f"/portal/offers/{world.draft}").status_code == 403
		assert c.get(f"/portal/contracts/{world.records['Contract']}").status_code == 200
		assert c.get(f"/portal/contracts/{world.contract_to_sign}").status_code == 200
		assert c.get(f"/portal/contracts/{world.contract_draft}").status_code == 403


@pytest.mark.http
def test_list_parameters_outside_the_allowlist_change_nothing(actors, world):
	"""Unknown filters, raw SQL, ordering and page sizes are ignored or clamped, never executed."""
	c = actors["client_a"]
	b_offers = frappe.get_all("Quotation", {"party_name": world.b}, pluck="name")
	hostile = [
		("/portal/offers", {"status": "Open' or 1=1 -- "}),
		("/portal/offers", {"status": "<script>alert(1)</script>"}),
		("/portal/offers", {"order_by": "party_name", "fields": '["*"]', "filters": '{"party_name": "x"}'}),
		("/portal/offers", {"limit": "100000", "page_length": "0"}),
		("/portal/projects", {"status": "Open) or (1=1"}),
		(f"/portal/projects/{world.records['Project']}", {"page": "0"}),
		(f"/portal/projects/{world.records['Project']}", {"page": "100000"}),
		(f"/portal/projects/{world.records['Project']}", {"page": "-5"}),
	]
	for path, params in hostile:
		r = c.get(path, params=params)
		assert r.status_code == 200, (path, params, r.status_code)
		assert "<script>alert(1)</script>" not in r.text
		assert not any(name in r.text for name in b_offers), (path, params)
		assert "Traceback" not in r.text


def _client_a_files(a: str) -> list[str]:
	"""Client A's demo files: one shared with the company, one on its project."""
	shared = frappe.db.get_value(
		"File", {"attached_to_doctype": "Customer", "attached_to_name": a, "ralom_portal_shared": 1}
	)
	project = frappe.db.get_value("Project", {"customer": a})
	photo = frappe.db.sql(
		"""select f.name from `tabFile` f join `tabProject` p on p.name = f.attached_to_name
		where f.attached_to_doctype = 'Project' and p.customer = %s and ifnull(f.ralom_portal_internal, 0) = 0
		limit 1""",
		a,
	)
	assert shared and project and photo, "the demo shares files with client A"
	return [shared, photo[0][0]]


@pytest.mark.http
@pytest.mark.parametrize("actor", ("client_b", "unlinked_website_user", "guest", "staff_sales_user"))
def test_file_downloads_refuse_everyone_but_client_a_with_one_404(actors, world, actor):
	"""Files join the matrix: client A's files, a missing one and a traversal all get the same 404."""
	names = [*_client_a_files(world.a), "missing-file-name", "../../site_config.json"]
	bodies = set()
	for name in names:
		r = actors[actor].get("/api/method/ralom_portal.api.files.download", params={"name": name})
		assert r.status_code == 404, (actor, name, r.status_code)
		assert name not in r.text and "Traceback" not in r.text
		bodies.add(r.text)
	assert len(bodies) == 1, bodies
	for name in _client_a_files(world.a):
		for owner in ("client_a", "client_a_second_contact"):
			r = actors[owner].get("/api/method/ralom_portal.api.files.download", params={"name": name})
			assert r.status_code == 200, (owner, name)
	# The library page: client B sees its own library without A's files; the others get none.
	page = actors[actor].get("/portal/files")
	expected = {"client_b": (200,), "guest": (301, 302)}.get(actor, (403,))
	assert page.status_code in expected, (actor, page.status_code)
	assert all(name not in page.text for name in _client_a_files(world.a))
