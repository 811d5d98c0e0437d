"""Tenant isolation over HTTP, against the served test site: our own pages and API.

Client A's records (`tests/isolation_world.py`), a draft and a missing name, through every portal
page and API method, as client B, a website user linked to no customer and a guest: one refusal,
no record named, nothing changed. Client A reaches its own. Frappe's generic endpoints:
`test_isolation_http.py`.
"""

import frappe
import pytest

from ralom_portal import sections
from ralom_portal.access import doctypes
from ralom_portal.demo.dataset import CLIENTS
from ralom_portal.ralom_portal.doctype.portal_contract_signature.signing import terms_hash
from ralom_portal.tests import isolation_world

# The world and its logged-in actors, shared with the other isolation module (tests/isolation_world.py).
world = isolation_world.world
actors = isolation_world.actors


def _validated_invoice() -> str:
	"""Client A's demo invoice that ANAF validated (demo/efactura.py): it has both downloads."""
	name = frappe.db.get_value(
		"Sales Invoice",
		{"customer": CLIENTS[0]["name"], "docstatus": 1, "ralom_efactura_status": "Validated"},
	)
	assert name
	return name


def registry_pages(world) -> dict:
	"""The page of client A's record of every doctype the section registry opens a page for
	(`sections.record_route`), so a new section's detail page joins the matrix by itself."""
	pages = {}
	for doctype, entry in doctypes.PORTAL_DOCTYPES.items():
		if not entry.get("opens"):
			continue
		row = {"project": world.records["Project"]} if entry["opens"] == "project" else None
		route = sections.record_route(doctype, world.records[doctype], row)
		if route:
			pages[f"registry_page:{doctype}"] = ("GET", route, {})
	return pages


def test_the_matrix_opens_every_detail_page_of_the_registry(world):
	opened = {path.split("/")[2] for _m, path, _kw in registry_pages(world).values()}
	detail = {s["route"].split("/")[2] for s in sections.SECTIONS if s.get("detail")}
	assert opened == detail


def portal_endpoints(world):
	"""Our own pages and API, aimed at client A's records, a draft and a name that does not exist."""
	q, p = world.records["Quotation"], world.records["Project"]
	return registry_pages(world) | {
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
		for label, (_method, path, _kw) in registry_pages(world).items():
			assert c.get(path).status_code == 200, (actor, label, path)


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
