"""The portal shell over HTTP: login redirect, RO/EN, company name, the unlinked explanation."""

from urllib.parse import unquote

import frappe
import pytest

from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD

pytestmark = pytest.mark.http


def test_guest_is_sent_to_login_with_a_local_redirect(server):
	r = server.client().get("/portal")
	assert r.status_code in (301, 302, 303, 307), r.status_code
	location = unquote(r.headers["Location"])
	assert "/login?redirect-to=/portal" in location


def test_offsite_redirect_to_is_ignored_by_login(server):
	c = server.client()
	r = c.get("/login", params={"redirect-to": "https://evil.example.com/x"})
	assert r.status_code == 200
	assert 'redirect-to" value="https://evil' not in r.text


def test_dashboard_shows_the_client_company_and_its_own_offers_only(server, demo_data):
	a, b = CLIENTS[0], CLIENTS[1]
	c = server.client(a["users"][0]["email"], DEMO_PASSWORD)
	r = c.get("/portal")
	assert r.status_code == 200
	assert a["name"] in r.text
	assert b["name"] not in r.text
	b_offers = frappe.get_all("Quotation", {"party_name": b["name"]}, pluck="name")
	assert b_offers and not any(name in r.text for name in b_offers)


def _lang(client, language):
	client.open_portal()
	assert (
		client.post(
			"/api/method/ralom_portal.api.session.set_language", data={"language": language}
		).status_code
		== 200
	)


def test_shell_renders_in_romanian_and_in_english(server, demo_data):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	try:
		_lang(c, "ro")
		ro = c.get("/portal").text
		assert "Tablou de bord" in ro and "Oferte" in ro and "Proiecte" in ro
		_lang(c, "en")
		en = c.get("/portal").text
		assert "Dashboard" in en and "Offers" in en and "Tablou de bord" not in en
	finally:
		_lang(c, "ro")


def test_unlinked_website_user_sees_an_explanation_and_no_data(server, demo_data):
	email = "shell.unlinked@example.ro"
	builders.make_portal_user(email, None, first_name="Nou", password=DEMO_PASSWORD)
	frappe.db.commit()
	r = server.client(email, DEMO_PASSWORD).get("/portal")
	assert r.status_code == 403
	assert "ralom-no-access" in r.text
	for client in CLIENTS:
		assert client["name"] not in r.text


def test_unlinking_a_contact_locks_them_out_at_the_next_request(server, demo_data):
	email = "shell.leaving@example.ro"
	customer = CLIENTS[2]["name"]
	builders.make_portal_user(email, customer, first_name="Pleacă", password=DEMO_PASSWORD)
	frappe.db.commit()
	c = server.client(email, DEMO_PASSWORD)
	try:
		assert c.get("/portal").status_code == 200
		builders.unlink_portal_user(customer, email)
		frappe.db.commit()
		r = c.get("/portal")
		assert r.status_code == 403
		assert customer not in r.text
	finally:
		builders.unlink_portal_user(customer, email)
		frappe.db.commit()


def test_staff_keep_the_desk_after_login(server):
	from ralom_portal.tests import factories
	from ralom_portal.tests.http_actors import PASSWORD, STAFF_EMAIL

	factories.committed_staff_user(STAFF_EMAIL, PASSWORD)
	r = server.client().post("/api/method/login", data={"usr": STAFF_EMAIL, "pwd": PASSWORD})
	assert r.json().get("home_page", "").startswith("/app")


def test_client_lands_on_the_portal_after_login(server, demo_data):
	r = server.client().post(
		"/api/method/login", data={"usr": CLIENTS[0]["users"][0]["email"], "pwd": DEMO_PASSWORD}
	)
	assert r.status_code == 200
	assert r.json().get("home_page") in ("/portal", "portal")


def test_erpnext_portal_menu_is_replaced_by_the_portal_sections(server, demo_data):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	r = c.get("/me")
	assert r.status_code == 200
	assert 'href="/portal/offers"' in r.text and 'href="/portal/projects"' in r.text
	assert 'href="/quotations"' not in r.text and 'href="/invoices"' not in r.text


def test_erpnext_quotation_pages_redirect_to_the_portal(server, demo_data):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	r = c.get("/quotations")
	assert r.status_code in (301, 302)
	assert r.headers["Location"].endswith("/portal/offers")
	name = frappe.db.get_value("Quotation", {"party_name": CLIENTS[0]["name"], "docstatus": 1})
	r = c.get(f"/quotations/{name}")
	assert r.headers["Location"].endswith(f"/portal/offers/{name}")


def test_the_login_page_carries_the_company_in_romanian_without_frappe_or_erpnext_chrome(server, demo_data):
	from ralom_portal.setup.company import default_company

	company = frappe.db.get_value("Company", default_company(), "company_name")
	c = server.client()
	c.cookies.set("preferred_language", "ro")
	r = c.get("/login", headers={"Accept-Language": "ro-RO,ro;q=0.9"})
	assert r.status_code == 200
	assert f"Autentificare în {company}" in r.text
	assert "Login to Frappe" not in r.text and "Powered by" not in r.text
	assert "footer-subscribe" not in r.text  # ERPNext's newsletter box, whose endpoint the gate refuses
	assert "Spectacol" not in r.text and "Login with Email Link" not in r.text
	logo = frappe.db.get_value("Company", default_company(), "company_logo")
	assert logo and f'src="{logo}"' in r.text and "frappe-framework-logo" not in r.text
