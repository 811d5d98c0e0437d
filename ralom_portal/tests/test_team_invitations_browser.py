"""Issue 27's five steps in Chromium, in Romanian, each through the page's own form:

1. a client administrator invites a colleague with only *Proiecte*;
2. the colleague accepts the e-mailed invitation (sets a password) and lands in the portal;
3. the colleague sees only projects (the sidebar, and the project itself);
4. the colleague's link to one of the company's invoices gives the portal's one refusal;
5. the administrator widens the colleague's sections, and the invoices appear.

Screenshots at desktop and phone width: `<artifacts>/team-invitations/`.
"""

import frappe
import pytest

from ralom_portal.demo import builders
from ralom_portal.tests import factories
from ralom_portal.tests.browser import ARTIFACTS, login
from ralom_portal.tests.registration_world import invitation_token
from ralom_portal.tests.team_world import administered_customer

pytestmark = pytest.mark.browser

PASSWORD = "Echipa#Browser2026"
SHOTS = ARTIFACTS / "team-invitations"


@pytest.fixture(scope="module")
def company(server):
	"""A committed customer with a project, an invoice and its administrator (`team_world`)."""
	with administered_customer("browser-admin", PASSWORD) as company:
		company.project = builders.make_project(company.customer, f"Hală {factories.unique('p')}").name
		company.invoice = builders.make_sales_invoice(company.customer, [("RP-CONS", 2, 150)]).name
		frappe.db.commit()
		yield company


def _sidebar(page) -> list[str]:
	return [t.strip() for t in page.locator(".ralom-nav a").all_inner_texts()]


def test_an_administrator_invites_a_projects_only_colleague_then_widens_to_invoices(server, browser, company):
	SHOTS.mkdir(parents=True, exist_ok=True)
	colleague = f"{factories.unique('coleg-browser').lower()}@example.ro"
	admin_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	colleague_ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	errors = []
	try:
		admin = admin_ctx.new_page()
		admin.on("pageerror", lambda e: errors.append(str(e)))
		login(admin, server.url, company.admin, PASSWORD)

		# 1. The administrator invites the colleague with only Proiecte.
		admin.goto(server.url + "/portal/team")
		form = admin.locator("form[data-invite]")
		form.locator("[name=email]").fill(colleague)
		form.locator("[name=first_name]").fill("Ioana")
		form.locator("input[name=role][value=Member]").check()
		form.locator("input[name=sections][value=projects]").check()
		admin.screenshot(path=str(SHOTS / "01-invite-form.png"), full_page=True)
		with admin.expect_navigation():
			form.locator("[type=submit]").click()
		listed = admin.locator("[data-invitations]").inner_text()
		assert colleague in listed and "Proiecte" in listed, listed
		admin.screenshot(path=str(SHOTS / "02-invitation-listed.png"), full_page=True)

		# 2. The colleague opens the e-mailed link and sets a password.
		frappe.db.rollback()
		token = invitation_token(colleague)
		page = colleague_ctx.new_page()
		page.on("pageerror", lambda e: errors.append(str(e)))
		page.goto(f"{server.url}/portal/accept-invitation?token={token}")
		page.fill("#inv-password", "Coleg#Nou-2026")
		page.fill("#inv-password2", "Coleg#Nou-2026")
		page.click(".ralom-invitation-form [type=submit]")
		page.wait_for_url(lambda url: url.rstrip("/").endswith("/portal"), timeout=30000)

		# 3. Only projects: the sidebar has the dashboard and Proiecte, and the project opens.
		assert _sidebar(page) == ["Tablou de bord", "Proiecte"], _sidebar(page)
		page.screenshot(path=str(SHOTS / "03-colleague-dashboard.png"), full_page=True)
		page.goto(server.url + "/portal/projects")
		assert company.project in page.content()

		# 4. An invoice of the same company: the portal's one refusal.
		invoice_url = f"{server.url}/portal/invoices/{company.invoice}"
		answer = page.goto(invoice_url)
		assert answer.status == 403, answer.status
		assert company.invoice not in page.inner_text("body")
		page.screenshot(path=str(SHOTS / "04-invoice-refused.png"), full_page=True)

		# 5. The administrator widens the colleague's sections to Facturi/Plăți.
		admin.goto(server.url + "/portal/team")
		details = admin.locator("details", has=admin.locator(f'form[data-user="{colleague}"]'))
		details.locator("summary").click()
		details.locator("input[name=sections][value=invoices]").check()
		with admin.expect_navigation():
			details.locator("[type=submit]").click()
		assert "Facturi" in admin.locator(f'tr[data-colleague="{colleague}"]').inner_text()

		answer = page.goto(invoice_url)
		assert answer.status == 200, answer.status
		assert company.invoice in page.inner_text("body")
		assert "Facturi/Plăți" in _sidebar(page)
		page.screenshot(path=str(SHOTS / "05-invoice-visible.png"), full_page=True)
		page.set_viewport_size({"width": 360, "height": 780})
		page.screenshot(path=str(SHOTS / "06-invoice-phone.png"), full_page=True)
		admin.set_viewport_size({"width": 360, "height": 780})
		admin.goto(server.url + "/portal/team")
		admin.screenshot(path=str(SHOTS / "07-team-phone.png"), full_page=True)
		assert not errors, errors
	finally:
		admin_ctx.close()
		colleague_ctx.close()
