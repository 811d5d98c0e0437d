"""Invoices & Payments pages over HTTP, against the served test site with the demo data."""

import re

import frappe
import pytest

from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD

pytestmark = pytest.mark.http


@pytest.fixture(scope="module")
def finance_world(demo_data):
	a, b = CLIENTS[0]["name"], CLIENTS[1]["name"]

	def first(customer, **filters):
		return frappe.db.get_value("Sales Invoice", {"customer": customer, **filters}, order_by="name asc")

	return frappe._dict(
		a=a,
		b=b,
		invoice_a=first(a, docstatus=1, is_return=0),
		invoice_b=first(b, docstatus=1, is_return=0),
		credit_note_a=first(a, docstatus=1, is_return=1),
		a_names=set(frappe.get_all("Sales Invoice", {"customer": a}, pluck="name"))
		| set(frappe.get_all("Payment Entry", {"party": a}, pluck="name")),
	)


@pytest.fixture(scope="module")
def client_a(server, demo_data):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	c.open_portal()
	return c


@pytest.fixture(scope="module")
def client_b(server, demo_data):
	c = server.client(CLIENTS[1]["users"][0]["email"], DEMO_PASSWORD)
	c.open_portal()
	return c


def test_client_sees_its_invoices_payments_and_statement_in_romanian(client_a, finance_world):
	r = client_a.get("/portal/invoices")
	assert r.status_code == 200
	assert finance_world.invoice_a in r.text and "Facturi/Plăți" in r.text
	assert finance_world.invoice_b not in r.text
	for status in ("Achitată", "Restantă", "Notă de credit"):
		assert status in r.text, status
	r = client_a.get("/portal/payments")
	assert r.status_code == 200 and "Avans, încă nealocat" in r.text and "OP-2026-0415" in r.text
	r = client_a.get("/portal/statement", params={"from": "2000-01-01"})
	assert r.status_code == 200 and "Sold final" in r.text and 'data-bucket="over_90"' in r.text
	assert finance_world.invoice_a in r.text
	for english in ("Closing balance", "Outstanding", "Credit Note"):
		assert english not in r.text, english


def test_invoice_page_shows_payments_and_transfer_instructions(client_a, finance_world):
	partly = frappe.db.get_value(
		"Sales Invoice",
		{"customer": finance_world.a, "docstatus": 1, "is_return": 0, "outstanding_amount": (">", 0)},
	)
	r = client_a.get(f"/portal/invoices/{partly}")
	assert r.status_code == 200
	from ralom_portal.portal.queries.seller import seller

	assert seller().iban, "the demo company has an IBAN"
	assert "data-copy=" in r.text and seller().iban in r.text
	assert f"Factura {partly}" in r.text


def test_own_invoice_pdf_and_statement_pdfs_download(client_a, finance_world):
	r = client_a.get(
		"/api/method/ralom_portal.api.invoices.invoice_pdf", params={"name": finance_world.invoice_a}
	)
	assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/pdf")
	assert r.content.startswith(b"%PDF")
	for lang in ("ro", "en"):
		r = client_a.get("/api/method/ralom_portal.api.invoices.statement_pdf", params={"lang": lang})
		assert r.status_code == 200 and r.content.startswith(b"%PDF"), lang


def test_foreign_draft_cancelled_and_missing_invoices_get_the_same_403(client_a, finance_world):
	from ralom_portal.demo import builders

	frappe.set_user("Administrator")
	draft = frappe.db.get_value("Sales Invoice", {"customer": finance_world.a, "docstatus": 0}) or (
		builders.make_sales_invoice(finance_world.a, [("RP-CONS", 1, 250)], submit=False).name
	)
	cancelled = frappe.db.get_value("Sales Invoice", {"customer": finance_world.a, "docstatus": 2})
	if not cancelled:
		doc = builders.make_sales_invoice(finance_world.a, [("RP-CONS", 1, 250)])
		doc.cancel()
		cancelled = doc.name
	frappe.db.commit()
	bodies, pdf_bodies = set(), set()
	for name in (finance_world.invoice_b, draft, cancelled, "ACC-SINV-0000-99999"):
		path = f"/portal/invoices/{name}"
		r = client_a.get(path)
		assert r.status_code == 403, (name, r.status_code)
		assert "Traceback" not in r.text
		bodies.add(r.text.replace(name, "NAME"))
		r = client_a.get("/api/method/ralom_portal.api.invoices.invoice_pdf", params={"name": name})
		assert r.status_code == 403, (name, r.status_code)
		# Frappe gives every exception a random id; everything else must be identical.
		pdf_bodies.add(re.sub(r"__frappe_exc_id[^a-f0-9]*[a-f0-9]+", "", r.text))
	assert len(bodies) == 1 and len(pdf_bodies) == 1


@pytest.mark.parametrize(
	"path,params",
	[
		("/portal/invoices", {"from": "2026-12-31", "to": "2026-01-01"}),
		("/portal/invoices", {"from": "1900-01-01", "to": "2099-12-31"}),
		("/portal/invoices", {"from": "31.12.2026", "to": "not-a-date"}),
		("/portal/invoices", {"status": "Bogus"}),
		("/portal/invoices", {"status": "Paid' or 1=1 -- "}),
		("/portal/invoices", {"page": "999999999"}),
		("/portal/invoices", {"page": "-1", "page_size": "0"}),
		("/portal/invoices", {"page_size": "100000"}),
		("/portal/invoices", {"q": "<script>alert(1)</script>"}),
		("/portal/invoices", {"q": "' union select name, password from `__Auth` -- "}),
		("/portal/payments", {"q": "%", "from": "2026-02-30"}),
		("/portal/payments", {"page": "abc"}),
		("/portal/statement", {"from": "1970-01-01", "to": "2026-12-31"}),
		("/portal/statement", {"currency": "XXX"}),
		("/portal/statement", {"currency": "<script>alert(1)</script>", "to": "2026-99-99"}),
	],
)
def test_bad_input_gives_a_page_with_a_notice_or_default_never_a_traceback(
	client_a, finance_world, path, params
):
	r = client_a.get(path, params=params)
	assert r.status_code == 200, (path, params, r.status_code)
	assert "Traceback" not in r.text
	assert "<script>alert(1)</script>" not in r.text
	assert finance_world.invoice_b not in r.text


def test_another_clients_name_in_any_parameter_reveals_nothing(client_a, finance_world):
	b = finance_world.invoice_b
	for path, params in (
		("/portal/invoices", {"q": b}),
		("/portal/payments", {"q": b}),
		("/portal/statement", {"currency": b}),
		("/portal/invoices", {"status": b}),
	):
		r = client_a.get(path, params=params)
		assert r.status_code == 200
		assert f'data-invoice="{b}"' not in r.text and f"/portal/invoices/{b}" not in r.text


def test_notices_are_translated(client_a):
	r = client_a.get("/portal/invoices", params={"from": "2026-12-31", "to": "2026-01-01"})
	assert "au fost inversate" in r.text
	r = client_a.get("/portal/statement", params={"from": "1970-01-01", "to": "2026-12-31"})
	assert "cel mult 10 ani" in r.text


def test_statement_pdf_refuses_guests_and_unlinked_users(server):
	r = server.client().get("/api/method/ralom_portal.api.invoices.statement_pdf")
	assert r.status_code == 403
	assert "%PDF" not in r.text


def test_other_client_does_not_see_client_a_records_in_its_pages(client_b, finance_world):
	for path in ("/portal/invoices", "/portal/payments", "/portal/statement?from=2000-01-01"):
		r = client_b.get(path)
		assert r.status_code == 200
		assert not any(name in r.text for name in finance_world.a_names), path


def test_dashboard_names_the_next_due_invoice_and_links_the_invoices(client_a, finance_world):
	from ralom_portal.portal.queries import invoices

	upcoming = invoices.next_due((finance_world.a,))
	r = client_a.get("/portal")
	assert r.status_code == 200
	assert 'href="/portal/invoices"' in r.text
	assert upcoming, "the demo gives every client a not-yet-due invoice"
	assert 'data-metric="next-due"' in r.text and upcoming.name in r.text
	assert "Următoarea factură scadentă" in r.text


def test_demo_gives_every_client_each_kind_of_finance_record(demo_data):
	for client in CLIENTS:
		c = client["name"]
		assert frappe.db.exists("Sales Invoice", {"customer": c, "is_return": 1, "docstatus": 1}), c
		assert frappe.db.exists(
			"Payment Entry", {"party": c, "docstatus": 1, "unallocated_amount": (">", 0)}
		), c
		split = frappe.db.sql(
			"""select per.parent from `tabPayment Entry Reference` per
			join `tabPayment Entry` pe on pe.name = per.parent
			where pe.party = %s and pe.docstatus = 1 group by per.parent having count(*) >= 2""",
			c,
		)
		assert split, c
		statuses = set(frappe.get_all("Sales Invoice", {"customer": c, "docstatus": 1}, pluck="status"))
		assert {"Paid", "Partly Paid", "Overdue", "Return"} <= statuses, (c, statuses)
		assert frappe.db.exists(
			"Sales Invoice", {"customer": c, "docstatus": 1, "due_date": (">", frappe.utils.nowdate())}
		), c
