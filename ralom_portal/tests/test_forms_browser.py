"""Every portal form submitted once in Chromium, in Romanian, through the page's own script (issue 24).

Calling a whitelisted function in-process skips Frappe's request handling (form arguments, `cmd`,
CSRF, the gate), where a browser's call can fail although the function works. So each test here
types and clicks as a client does, lets the page's script send the request, then asserts what the
client sees afterwards and what the database holds. The records each form needs are made with the
factories and committed (the server is another process); names are unique, so runs do not collide.
"""

from __future__ import annotations

from types import SimpleNamespace

import frappe
import pytest
from playwright.sync_api import expect

from ralom_portal.demo import builders
from ralom_portal.tests import factories
from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser

PASSWORD = "Formular#Portal2026"
TIMEOUT = 30000
# A registration creates a user and queues a mail: it can take longer than expect()'s default 5 s.
expect.set_options(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def client(server, browser):
	"""A new customer with one Romanian portal user, committed, and that user's signed-in browser state."""
	customer = factories.customer(factories.unique("Formulare SRL"))
	email = f"{factories.unique('formulare').lower()}@example.ro"
	builders.make_portal_user(
		email, customer.name, first_name="Ana", last_name="Formular", password=PASSWORD, language="ro"
	)
	frappe.db.commit()
	context = browser.new_context(locale="ro-RO")
	try:
		login(context.new_page(), server.url, email, PASSWORD)
		state = context.storage_state()
	finally:
		context.close()
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	return SimpleNamespace(customer=customer.name, email=email, state=state, url=server.url)


@pytest.fixture
def page(browser, client):
	"""A fresh context signed in as the client; confirm() dialogs are answered yes, as the user would."""
	context = browser.new_context(
		locale="ro-RO", viewport={"width": 1280, "height": 900}, storage_state=client.state
	)
	page = context.new_page()
	page.set_default_timeout(TIMEOUT)
	page.on("dialog", lambda dialog: dialog.accept())
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		yield page
	finally:
		context.close()
	assert not errors, errors


def _shot(page, name: str) -> None:
	page.screenshot(path=str(ARTIFACTS / f"form-{name}.png"), full_page=True)


def _fresh() -> None:
	"""End the test process's transaction, so reads see what the server committed."""
	frappe.db.rollback()


def test_client_saves_email_preferences_and_sees_them_saved(client, page):
	page.goto(client.url + "/portal/notifications")
	form = page.locator("form[data-preferences]")
	form.get_by_label("Rezumat zilnic").check()
	form.get_by_label("Facturi noi").uncheck()
	form.get_by_role("button", name="Salvează").click()
	expect(form.locator(".ralom-saved")).to_have_text("Preferințele dvs. au fost salvate.")
	expect(form.locator(".ralom-error")).to_be_empty()
	_shot(page, "preferences")
	_fresh()
	assert frappe.db.get_value("User", client.email, ["ralom_email_frequency", "ralom_email_events"]) == (
		"Daily digest",
		"offer,shipment,reply,file",
	)
	page.reload()
	expect(page.get_by_label("Rezumat zilnic")).to_be_checked()
	expect(page.get_by_label("Facturi noi")).not_to_be_checked()


def test_client_opens_a_new_ticket(client, page):
	subject = factories.unique("Întrebare despre livrare")
	page.goto(client.url + "/portal/tickets/new")
	page.get_by_label("Subiect").fill(subject)
	page.get_by_label("Categorie").select_option(label="Livrare")
	page.get_by_label("Descriere").fill("Când ajunge marfa comandată?")
	page.get_by_role("button", name="Trimite tichetul").click()
	page.wait_for_url(lambda url: "/portal/tickets/TKT-" in url)
	name = page.url.rsplit("/", 1)[-1]
	expect(page.locator(".ralom-ticket [data-status]")).to_have_text("Deschis")
	expect(page.locator(".ralom-thread")).to_contain_text("Când ajunge marfa comandată?")
	_shot(page, "ticket-new")
	_fresh()
	ticket = frappe.get_doc("Support Ticket", name)
	assert (ticket.customer, ticket.subject, ticket.category) == (client.customer, subject, "Delivery")


def test_client_replies_to_a_ticket(client, page):
	name = factories.ticket(client.customer, client.email).name
	frappe.db.commit()
	page.goto(f"{client.url}/portal/tickets/{name}")
	page.get_by_label("Răspunsul dvs.").fill("Revin cu poze de la șantier.")
	page.get_by_role("button", name="Trimite răspunsul").click()
	expect(page.locator(".ralom-thread .ralom-message")).to_have_count(2)
	expect(page.locator(".ralom-thread .ralom-message").last).to_contain_text("Revin cu poze de la șantier.")
	_shot(page, "ticket-reply")
	_fresh()
	bodies = frappe.get_all(
		"Support Ticket Message", filters={"ticket": name}, pluck="body", order_by="creation asc"
	)
	assert bodies[-1] == "Revin cu poze de la șantier." and len(bodies) == 2, bodies


def test_client_sends_a_new_quote_request(client, page):
	page.goto(client.url + "/portal/quote-requests/new")
	page.get_by_label("Căutați în catalog").fill("RP-PANOU")
	page.locator(".ralom-qr-results li[role=option]").first.click()
	page.locator(".ralom-qr-lines tbody tr [name=qty]").fill("3")
	page.get_by_label("Ridicare de la furnizor").check()
	page.get_by_label("Observații").fill("Cerere trimisă din browser.")
	page.get_by_role("button", name="Trimite cererea").click()
	page.wait_for_url(lambda url: "/portal/quote-requests/CO-" in url)
	name = page.url.rsplit("/", 1)[-1]
	expect(page.locator("[data-status=Submitted]")).to_have_text("Trimisă")
	_shot(page, "quote-request")
	_fresh()
	doc = frappe.get_doc("Quote Request", name)
	assert (doc.customer, doc.delivery_option, doc.remarks) == (
		client.customer,
		"Pickup from supplier",
		"Cerere trimisă din browser.",
	)
	assert [(r.item_code, r.qty) for r in doc.items] == [("RP-PANOU", 3)]


def test_client_signs_a_contract(client, page):
	contract = builders.make_contract(client.customer, submit=False, sent=True)
	frappe.db.commit()
	page.goto(f"{client.url}/portal/contracts/{contract.name}")
	page.get_by_label("Numele dumneavoastră complet").fill("Ana Formular")
	page.get_by_label("Am citit termenii de mai sus", exact=False).check()
	page.get_by_role("button", name="Semnează contractul").click()
	expect(page.locator("[data-fact=signed]")).to_contain_text("Semnat de Ana Formular la")
	expect(page.locator(".ralom-sign-form")).to_have_count(0)
	_shot(page, "contract-signed")
	_fresh()
	assert frappe.db.get_value("Contract", contract.name, ["is_signed", "signee"]) == (1, "Ana Formular")
	assert (
		frappe.db.get_value("Portal Contract Signature", {"contract": contract.name}, "user") == client.email
	)


def _offer(client) -> str:
	name = factories.quotation(client.customer).name
	frappe.db.commit()
	return name


def test_client_accepts_an_offer(client, page):
	name = _offer(client)
	page.goto(f"{client.url}/portal/offers/{name}")
	page.get_by_role("button", name="Acceptă", exact=True).click()
	expect(page.locator("[data-offer-status]")).to_have_text("Acceptată")
	expect(page.locator("[data-decision=Accepted]")).to_contain_text("Acceptată de Ana Formular la")
	expect(page.locator(".ralom-decide")).to_have_count(0)
	_shot(page, "offer-accepted")
	_fresh()
	assert frappe.db.get_value("Portal Offer Decision", {"quotation": name}, ["decision", "user"]) == (
		"Accepted",
		client.email,
	)


def test_client_rejects_an_offer_with_a_reason(client, page):
	from ralom_portal.demo.dataset import LOST_REASON

	name = _offer(client)
	page.goto(f"{client.url}/portal/offers/{name}")
	page.get_by_role("button", name="Respinge", exact=True).click()
	page.get_by_label("Motiv").select_option(label=LOST_REASON)
	page.get_by_label("Detalii (opțional)").fill("Am găsit un furnizor mai aproape.")
	page.get_by_role("button", name="Respinge oferta").click()
	expect(page.locator("[data-offer-status]")).to_have_text("Respinsă")
	expect(page.locator("[data-decision=Rejected]")).to_contain_text("Respinsă de Ana Formular la")
	_shot(page, "offer-rejected")
	_fresh()
	assert frappe.db.get_value(
		"Portal Offer Decision", {"quotation": name}, ["decision", "lost_reason", "detail"]
	) == ("Rejected", LOST_REASON, "Am găsit un furnizor mai aproape.")
	assert frappe.db.get_value("Quotation", name, "status") == "Lost"


def test_client_confirms_receipt_of_a_shipment(client, page):
	shipment = factories.shipment(client.customer, status="Delivered").name
	frappe.db.commit()
	page.goto(f"{client.url}/portal/shipments/{shipment}")
	page.get_by_role("button", name="Confirm primirea").click()
	expect(page.locator("[data-confirmed]")).to_contain_text("Ați confirmat primirea pe")
	expect(page.locator("[data-action=confirm-receipt]")).to_have_count(0)
	_shot(page, "shipment-confirmed")
	_fresh()
	assert frappe.db.get_value("Customer Shipment", shipment, "received_confirmed_on")


def test_client_reports_a_problem_with_a_shipment(client, page):
	shipment = factories.shipment(client.customer, status="Shipped").name
	frappe.db.commit()
	page.goto(f"{client.url}/portal/shipments/{shipment}")
	page.get_by_label("Ce nu a mers bine?", exact=False).fill("Un colet a sosit deteriorat.")
	page.get_by_role("button", name="Raportează o problemă").click()
	page.wait_for_url(lambda url: "/portal/tickets/TKT-" in url)
	ticket = page.url.rsplit("/", 1)[-1]
	expect(page.locator(".ralom-ticket [data-status]")).to_have_text("Deschis")
	expect(page.locator(".ralom-thread")).to_contain_text("Un colet a sosit deteriorat.")
	_shot(page, "shipment-problem")
	_fresh()
	doc = frappe.get_doc("Support Ticket", ticket)
	assert (doc.customer, doc.reference_doctype, doc.reference_name) == (
		client.customer,
		"Customer Shipment",
		shipment,
	)


def test_client_uploads_a_file_to_the_company_folder(client, page):
	file_name = f"{factories.unique('Măsurători')}.pdf"
	page.goto(client.url + "/portal/files")
	upload = page.locator("form.ralom-files-upload")
	upload.locator("input[type=file]").set_input_files(
		{"name": file_name, "mimeType": "application/pdf", "buffer": factories.PDF + file_name.encode()}
	)
	upload.get_by_role("button", name="Încarcă").click()
	row = page.locator("tr[data-file]", has_text=file_name)
	expect(row).to_contain_text("De la client")
	expect(row.get_by_role("button", name="Șterge")).to_be_visible()
	_shot(page, "file-uploaded")
	_fresh()
	stored = frappe.db.get_value(
		"File",
		{"file_name": file_name},
		["attached_to_doctype", "attached_to_name", "owner", "ralom_portal_folder", "is_private"],
	)
	assert stored == ("Customer", client.customer, client.email, "From client", 1)


def test_client_deletes_their_own_upload(client, page):
	file_name = f"{factories.unique('De șters')}.pdf"
	factories.as_user(client.email)  # the file is the client's own upload, as the upload form stores it
	try:
		name = factories.file("Customer", client.customer, file_name, shared=True, folder="From client").name
	finally:
		factories.as_user("Administrator")
	frappe.db.commit()
	page.goto(client.url + "/portal/files")
	row = page.locator("tr[data-file]", has_text=file_name)
	row.get_by_role("button", name="Șterge").click()
	expect(row).to_have_count(0)
	expect(page.locator("h1.ralom-title")).to_have_text("Fișiere")
	_shot(page, "file-deleted")
	_fresh()
	assert not frappe.db.exists("File", name)


def test_client_switches_the_portal_to_english_and_back(client, page):
	try:
		page.goto(client.url + "/portal")
		expect(page.locator(".ralom-title")).to_have_text("Tablou de bord")
		page.locator(".ralom-lang").get_by_role("button", name="EN").click()
		expect(page.locator(".ralom-title")).to_have_text("Dashboard")
		expect(page.locator(".ralom-lang [data-lang=en]")).to_have_class("active")
		_shot(page, "language-en")
		_fresh()
		assert frappe.db.get_value("User", client.email, "language") == "en"
		page.locator(".ralom-lang").get_by_role("button", name="RO").click()
		expect(page.locator(".ralom-title")).to_have_text("Tablou de bord")
		_fresh()
		assert frappe.db.get_value("User", client.email, "language") == "ro"
	finally:
		# The other tests read Romanian: leave the user as the fixture made them, whatever happened.
		frappe.db.set_value("User", client.email, "language", "ro", update_modified=False)
		frappe.db.commit()
		# The request language comes from the cached User (frappe.translate.get_user_lang).
		frappe.clear_document_cache("User", client.email)
		frappe.clear_cache(user=client.email)


def test_guest_registers_and_sees_the_confirmation(server, browser):
	from ralom_portal.tests.registration_world import _form

	data = _form()
	# Registration is limited per IP, and every guest test comes from 127.0.0.1.
	frappe.cache.delete_keys("rl:ralom_portal.api.registration.")
	context = browser.new_context(locale="ro-RO", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	page.set_default_timeout(TIMEOUT)
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		page.goto(server.url + "/portal/register")
		form = page.locator(".ralom-register-form")
		form.get_by_label("Nume complet").fill(data["full_name"])
		form.get_by_label("E-mail").fill(data["email"])
		form.get_by_label("Denumirea firmei").fill(data["company_name"])
		form.get_by_label("Cod fiscal (CUI)").fill(data["tax_id"])
		form.get_by_label("Telefon").fill(data["phone"])
		form.get_by_label("Sunt de acord cu termenii de utilizare", exact=False).check()
		form.get_by_role("button", name="Creează un cont").click()
		done = page.locator(".ralom-register-done")
		expect(done).to_be_visible()
		expect(done).to_have_text(
			"Mulțumim. Dacă această adresă de e-mail poate fi înregistrată, veți primi un e-mail cu un link "
			"pentru a vă seta parola. Apoi echipa noastră vă va analiza cererea."
		)
		expect(form).to_be_hidden()
		_shot(page, "registration")
	finally:
		context.close()
	assert not errors, errors
	_fresh()
	request = frappe.db.get_value(
		"Portal Access Request",
		{"email": data["email"]},
		["status", "company_name", "tax_id", "language", "consent_given_on"],
		as_dict=True,
	)
	assert request and (request.status, request.company_name, request.tax_id, request.language) == (
		"Pending",
		data["company_name"],
		data["tax_id"],
		"ro",
	), request
	assert request.consent_given_on, "the page's script sends the ticked consent"
