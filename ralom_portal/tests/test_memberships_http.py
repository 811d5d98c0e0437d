"""Memberships over HTTP (issue 27), against the served test site: people of client A with different
rights, through the portal's pages, PDFs and API.

A section a member may not see answers exactly like another client's record: the same status and
the same bytes (each compared with client B's record of the same kind, asked by the same member),
and it leaves the sidebar. An administrator sees everything whatever their sections say, and a row
from before memberships (no role, no sections) sees what client A's demo user sees.
"""

import re

import frappe
import pytest

from ralom_portal.demo import builders
from ralom_portal.tests import factories, http_actors, isolation_world

PASSWORD = "Membership#Test2026"
EVERY = ("quote_requests", "projects", "invoices", "contracts", "offers", "tickets", "shipments", "files")
# actor: (e-mail, role, sections as in factories.set_membership)
MEMBERS = {
	"member_without_invoices": (
		"membership.no-invoices@example.ro",
		"Member",
		[k for k in EVERY if k != "invoices"],
	),
	"member_projects_only": ("membership.projects@example.ro", "Member", ["projects"]),
	"administrator": ("membership.admin@example.ro", "Client administrator", []),
	"legacy": ("membership.legacy@example.ro", None, None),
}
LISTS = {
	"quote_requests": "/portal/quote-requests",
	"projects": "/portal/projects",
	"invoices": "/portal/invoices",
	"payments": "/portal/payments",
	"statement": "/portal/statement",
	"contracts": "/portal/contracts",
	"offers": "/portal/offers",
	"tickets": "/portal/tickets",
	"shipments": "/portal/shipments",
	"files": "/portal/files",
}
PDF = "/api/method/ralom_portal.api.{0}"


@pytest.fixture(scope="module")
def world(demo_data):
	return isolation_world.build()


@pytest.fixture(scope="module")
def actors(server, world):
	"""Client A's four members, committed for this module and unlinked again after it, logged in;
	and client A's demo user."""
	frappe.set_user("Administrator")
	for email, role, sections in MEMBERS.values():
		builders.make_portal_user(email, world.a, first_name="Membru", last_name="Test", password=PASSWORD)
		factories.set_membership(world.a, email, sections, role)
	frappe.db.commit()
	clients = {actor: server.client(email, PASSWORD) for actor, (email, *_r) in MEMBERS.items()}
	clients |= http_actors.log_in(server, ("client_a",))
	for c in clients.values():
		c.open_portal()
	yield clients
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for email, *_r in MEMBERS.values():
		builders.unlink_portal_user(world.a, email)
	frappe.db.commit()


@pytest.fixture(scope="module")
def records(world):
	"""{kind: (client A's record page or API call, client B's of the same kind)}."""
	a, b = world.a, world.b

	def first(doctype, party_field, customer, **filters):
		return frappe.db.get_value(doctype, {party_field: customer, **filters})

	def foreign(doctype, party_field):
		# Client B's record of the kind, in any state, or a name that does not exist when B has none:
		# the portal answers all of them alike.
		return first(doctype, party_field, b) or "NU-EXISTA-00000"

	out = {}
	for kind, doctype, field, route, extra in (
		("invoice", "Sales Invoice", "customer", "/portal/invoices/{0}", {"docstatus": 1}),
		("offer", "Quotation", "party_name", "/portal/offers/{0}", {"docstatus": 1}),
		("project", "Project", "customer", "/portal/projects/{0}", {}),
		("contract", "Contract", "party_name", "/portal/contracts/{0}", {"docstatus": 1}),
		("ticket", "Support Ticket", "customer", "/portal/tickets/{0}", {}),
		("shipment", "Customer Shipment", "customer", "/portal/shipments/{0}", {"status": "Delivered"}),
		("quote_request", "Quote Request", "customer", "/portal/quote-requests/{0}", {}),
	):
		names = (first(doctype, field, a, **extra), foreign(doctype, field))
		assert all(names), (kind, names)
		out[f"{kind}_page"] = tuple(("GET", route.format(n), {}) for n in names)
	for kind, method, doctype, field, extra in (
		("invoice_pdf", "invoices.invoice_pdf", "Sales Invoice", "customer", {"docstatus": 1}),
		("offer_pdf", "offers.download_pdf", "Quotation", "party_name", {"docstatus": 1}),
		("contract_pdf", "contracts.download_pdf", "Contract", "party_name", {"docstatus": 1}),
	):
		names = (first(doctype, field, a, **extra), foreign(doctype, field))
		assert all(names), (kind, names)
		out[kind] = tuple(("GET", PDF.format(method), {"params": {"name": n}}) for n in names)
	out["efactura_xml"] = tuple(
		("GET", PDF.format("efactura.download"), {"params": {"name": n, "kind": "xml"}})
		for n in (
			first("Sales Invoice", "customer", a, docstatus=1, ralom_efactura_status="Validated"),
			foreign("Sales Invoice", "customer"),
		)
	)
	out["gantt"] = tuple(
		("GET", PDF.format("projects.gantt"), {"params": {"project": p}})
		for p in (first("Project", "customer", a), foreign("Project", "customer"))
	)
	return out


# Which section each kind belongs to.
SECTION = {
	"invoice_page": "invoices",
	"invoice_pdf": "invoices",
	"efactura_xml": "invoices",
	"offer_page": "offers",
	"offer_pdf": "offers",
	"project_page": "projects",
	"gantt": "projects",
	"contract_page": "contracts",
	"contract_pdf": "contracts",
	"ticket_page": "tickets",
	"shipment_page": "shipments",
	"quote_request_page": "quote_requests",
}


def _ask(client, call):
	"""(status, body) of a call, the body without what differs on every response of any kind: the
	path asked for, and Frappe's random id of a refusal (`__frappe_exc_id`)."""
	method, path, kw = call
	r = client.request(method, path, **kw)
	body = re.sub(rb"(__frappe_exc_id[^0-9a-f]*)[0-9a-f]+", rb"\1<id>", r.content)
	return r.status_code, body.replace(path.encode(), b"<path>")


def _sidebar(client) -> list[str]:
	page = client.get("/portal").text
	nav = re.search(r'<ul class="ralom-nav">(.*?)</ul>', page, re.S).group(1)
	return re.findall(r'href="([^"]+)"', nav)


def _check(actors, records, actor, granted):
	"""Each kind of record: client A's when its section is granted (200), else exactly client B's
	answer to the same member (the one refusal, same bytes)."""
	c = actors[actor]
	for kind, (own, foreign) in records.items():
		mine, theirs = _ask(c, own), _ask(c, foreign)
		assert theirs[0] in (403, 404), (actor, kind, theirs[0])
		if SECTION[kind] in granted:
			assert mine[0] == 200, (actor, kind, mine[0])
		else:
			assert mine == theirs, (actor, kind, mine[0], theirs[0])
	for key, path in LISTS.items():
		section = "invoices" if key in ("payments", "statement") else key
		r = c.get(path)
		if section in granted:
			assert r.status_code == 200, (actor, path, r.status_code)
		else:
			assert r.status_code == 403 and "ralom-denied" in r.text, (actor, path, r.status_code)
	expected = ["/portal"] + [LISTS[k] for k in EVERY if k in granted]
	assert sorted(_sidebar(c)) == sorted(expected), actor


@pytest.mark.http
def test_a_member_without_invoices_gets_the_one_refusal_for_every_invoice_door(actors, records, world):
	_check(actors, records, "member_without_invoices", set(EVERY) - {"invoices"})
	c = actors["member_without_invoices"]
	# The statement's PDF answers as an invoice of another client does.
	assert _ask(c, ("GET", PDF.format("invoices.statement_pdf"), {})) == _ask(c, records["invoice_pdf"][1])
	# Nothing of client A's invoices on the refused pages.
	invoices = frappe.get_all("Sales Invoice", {"customer": world.a, "docstatus": 1}, pluck="name")
	for path in ("/portal/invoices", "/portal/payments", "/portal/statement"):
		assert not any(name in c.get(path).text for name in invoices), path


@pytest.mark.http
def test_a_member_with_only_projects_sees_projects_and_the_refusal_everywhere_else(actors, records):
	_check(actors, records, "member_projects_only", {"projects"})


@pytest.mark.http
def test_an_administrator_sees_every_section_whatever_the_sections_field_says(actors, records):
	_check(actors, records, "administrator", set(EVERY))


@pytest.mark.http
def test_a_row_from_before_memberships_sees_what_it_saw_before(actors, records):
	_check(actors, records, "legacy", set(EVERY))
	legacy, demo = actors["legacy"], actors["client_a"]
	for kind, (own, _foreign) in records.items():
		assert _ask(legacy, own)[0] == _ask(demo, own)[0], kind
	for path in LISTS.values():
		assert legacy.get(path).status_code == demo.get(path).status_code, path
	assert _sidebar(legacy) == _sidebar(demo)
