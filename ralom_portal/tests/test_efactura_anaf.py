"""e-Factura transmission (issue 28) against a stub of ANAF's API on loopback (tests/anaf_stub.py):
the real client and domain code upload, poll stareMesaj and download the signed ZIP; every failure
path (upload errors, nok, intake errors, rate limits, missing rights, timeouts, bad ZIPs, tokens)."""

import json

import frappe
import pytest
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, nowdate

from ralom_portal.demo.efactura import make_billing_address
from ralom_portal.efactura import anaf, transmit
from ralom_portal.tests import anaf_stub as A
from ralom_portal.tests.worlds import module_world, refs
from ralom_portal.utils.mail import in_language

INDEX = "5001234567"


@pytest.fixture
def anaf_world(request):
	"""A client's unsent invoice, built once for the module's tests (tests/worlds.py: each test rolls
	back what it sent or stored). Opened before the stub's settings are saved: opening a world rolls
	the transaction back."""
	return module_world(request, _build_invoice)


@pytest.fixture
def stub(anaf_world, monkeypatch):
	server = A.Stub().start()
	monkeypatch.setattr(anaf, "BACKOFF_SECONDS", 0.01)
	settings = frappe.get_single("e-Factura Settings")
	settings.update(
		{
			"environment": "TEST",
			"base_url": f"{server.url}/test/FCTEL/rest",
			"token_url": f"{server.url}/anaf-oauth2/v1/token",
			"client_id": "client-1",
			"client_secret": "secret-1",
			"access_token": "ACCESS-1",
			"refresh_token": "REFRESH-1",
			"token_expires_on": add_days(now_datetime(), 30),
			"timeout_seconds": 1,
			"retries": 2,
			"poll_minutes": 5,
			"send_on_submit": 0,
		}
	)
	settings.save(ignore_permissions=True)
	frappe.clear_document_cache("e-Factura Settings", "e-Factura Settings")
	yield server
	server.stop()


@pytest.fixture
def invoice(anaf_world):
	"""By name (a `Ref`): each test reads the invoice as the world left it."""
	return anaf_world["invoice"]


def _build_invoice():
	from ralom_portal.tests import factories

	customer = factories.customer(tax_id="RO18547290").name
	make_billing_address(customer)
	return refs(
		invoice=factories.sales_invoice(customer, [(factories.item(rate=100).name, 2, 100)], vat_rate=19)
	)


def _reload(name):
	return frappe.get_doc("Sales Invoice", name)


def _due_now(name):
	frappe.db.set_value(
		"Sales Invoice", name, "ralom_efactura_next_poll", add_to_date(now_datetime(), minutes=-1)
	)


def _sent(stub, invoice):
	stub.script("upload", A.upload_ok(INDEX))
	assert transmit.send(invoice.name) == {"status": "In Progress", "problems": []}
	_due_now(invoice.name)


def test_round_trip_upload_in_progress_ok_and_the_signed_zip_stored_once(stub, invoice):
	assert _reload(invoice.name).ralom_efactura_status == "Not Sent"
	stub.script("upload", A.upload_ok(INDEX, "202612061530"))
	assert transmit.send(invoice.name)["status"] == "In Progress"
	doc = _reload(invoice.name)
	assert (doc.ralom_efactura_status, doc.ralom_efactura_upload_index) == ("In Progress", INDEX)
	assert str(doc.ralom_efactura_uploaded_on) == "2026-12-06 15:30:00"
	upload = stub.calls[0]
	assert upload["params"] == {"standard": "UBL", "cif": "42857102"}
	assert upload["authorization"] == "Bearer ACCESS-1"
	xml_file = frappe.get_doc("File", doc.ralom_efactura_xml)
	assert (xml_file.is_private, xml_file.ralom_portal_internal) == (1, 1)
	content = xml_file.get_content()
	assert (content.encode() if isinstance(content, str) else content) == upload["body"]
	# Not due yet: the job calls nothing.
	assert transmit.poll() == 0
	_due_now(invoice.name)
	stub.script("stareMesaj", A.status("in prelucrare"), A.status("ok", "3001"))
	stub.script("descarcare", A.signed_zip(INDEX))
	assert transmit.poll() == 1
	doc = _reload(invoice.name)
	assert doc.ralom_efactura_status == "In Progress"
	assert get_datetime(doc.ralom_efactura_next_poll) > now_datetime()
	_due_now(invoice.name)
	transmit.poll()
	doc = _reload(invoice.name)
	assert (doc.ralom_efactura_status, doc.ralom_efactura_download_id) == ("Validated", "3001")
	assert doc.ralom_efactura_validated_on and not doc.ralom_efactura_errors
	signed = frappe.get_doc("File", doc.ralom_efactura_signed_zip)
	assert (signed.attached_to_name, signed.is_private, signed.ralom_portal_internal) == (invoice.name, 1, 1)
	assert signed.get_content() == A.signed_zip(INDEX)[2]
	assert stub.endpoints() == ["upload", "stareMesaj", "stareMesaj", "descarcare"]
	assert stub.calls[-1]["params"] == {"id": "3001"}
	# Fetched once: a validated invoice is never polled nor downloaded again.
	_due_now(invoice.name)
	transmit.poll()
	assert len(stub.calls) == 4


def test_a_credit_note_is_uploaded_with_standard_cn(stub, invoice):
	from ralom_portal.demo import finance

	note = finance.make_credit_note(invoice.name, 1)
	stub.script("upload", A.upload_ok(INDEX))
	transmit.send(note.name)
	assert stub.calls[0]["params"]["standard"] == "CN"


def test_sending_the_same_invoice_twice_is_refused(stub, invoice):
	_sent(stub, invoice)
	with in_language("ro"), pytest.raises(frappe.ValidationError, match="a fost deja trimisă la ANAF"):
		transmit.send(invoice.name)
	assert stub.endpoints() == ["upload"]


def test_an_invoice_breaking_a_rule_is_refused_before_any_call_with_the_reason_stored(stub, factories):
	customer = factories.customer(tax_id="RO18547290").name
	make_billing_address(customer, state=None)
	invoice = factories.sales_invoice(customer, [(factories.item().name, 1, 100)], vat_rate=19)
	with in_language("ro"):
		result = transmit.send(invoice.name)
	assert result == {"status": "Not Sent", "problems": ["BR-RO-110: Adresa clientului nu are județ"]}
	assert _reload(invoice.name).ralom_efactura_errors == "BR-RO-110: Adresa clientului nu are județ"
	assert stub.calls == []


def test_an_upload_error_is_stored_as_rejected_and_the_fixed_invoice_can_be_sent_again(stub, invoice):
	message = "Fisierul transmis nu este valid. cvc-complex-type.2.4.a: Invalid content"
	stub.script("upload", A.upload_error(message))
	assert transmit.send(invoice.name) == {"status": "Rejected", "problems": [message]}
	assert _reload(invoice.name).ralom_efactura_errors == message
	stub.script("upload", A.upload_ok(INDEX))
	assert transmit.send(invoice.name)["status"] == "In Progress"
	assert not _reload(invoice.name).ralom_efactura_errors


def test_nok_rejects_the_invoice_with_anafs_messages_from_the_errors_zip(stub, invoice):
	_sent(stub, invoice)
	stub.script("stareMesaj", A.status("nok", "3002"))
	stub.script(
		"descarcare",
		A.errors_zip(INDEX, "E: [BR-RO-110] Subdiviziunea tarii lipseste", "E: [BR-16] fara linii"),
	)
	transmit.poll()
	doc = _reload(invoice.name)
	assert doc.ralom_efactura_status == "Rejected"
	assert doc.ralom_efactura_errors == "E: [BR-RO-110] Subdiviziunea tarii lipseste\nE: [BR-16] fara linii"
	assert not doc.ralom_efactura_signed_zip


def test_xml_with_errors_not_taken_in_is_rejected_with_the_answers_message(stub, invoice):
	_sent(stub, invoice)
	stub.script(
		"stareMesaj",
		(
			200,
			A.XML,
			A.status("XML cu erori nepreluat de sistem")[2].replace(
				b"/>", b'><Errors errorMessage="XML invalid"/></header>'
			),
		),
	)
	transmit.poll()
	doc = _reload(invoice.name)
	assert (doc.ralom_efactura_status, doc.ralom_efactura_errors) == ("Rejected", "XML invalid")


def test_missing_rights_are_shown_and_the_invoice_stays_in_progress(stub, invoice):
	_sent(stub, invoice)
	message = f"Nu aveti dreptul de inteorgare pentru id_incarcare= {INDEX}"
	stub.script("stareMesaj", A.status_error(message))
	transmit.poll()
	doc = _reload(invoice.name)
	assert (doc.ralom_efactura_status, doc.ralom_efactura_errors) == ("In Progress", message)
	assert get_datetime(doc.ralom_efactura_next_poll) > now_datetime()


def test_an_upload_forbidden_by_anaf_is_stored_and_nothing_changes(stub, invoice):
	stub.script("upload", A.FORBIDDEN)
	with in_language("ro"):
		result = transmit.send(invoice.name)
	assert result["status"] == "Not Sent"
	assert "HTTP 403" in _reload(invoice.name).ralom_efactura_errors
	assert not _reload(invoice.name).ralom_efactura_upload_index


def test_the_rate_limit_answer_is_retried_with_backoff_then_succeeds(stub, invoice):
	_sent(stub, invoice)
	stub.script("stareMesaj", A.RATE_LIMITED, A.RATE_LIMITED, A.status("in prelucrare"))
	transmit.poll()
	assert stub.endpoints() == ["upload", "stareMesaj", "stareMesaj", "stareMesaj"]
	assert _reload(invoice.name).ralom_efactura_status == "In Progress"


def test_a_lasting_rate_limit_is_stored_and_checked_later(stub, invoice):
	_sent(stub, invoice)
	stub.script("stareMesaj", A.RATE_LIMITED)
	transmit.poll()
	doc = _reload(invoice.name)
	# One call and two retries (settings: 2), then the error is kept for staff.
	assert stub.endpoints().count("stareMesaj") == 3
	assert "429" in doc.ralom_efactura_errors and doc.ralom_efactura_status == "In Progress"


def test_anafs_daily_limits_per_message_are_never_exceeded(stub, invoice):
	_sent(stub, invoice)
	frappe.db.set_value(
		"Sales Invoice",
		invoice.name,
		"ralom_efactura_calls",
		json.dumps({"day": nowdate(), "status": 100, "download": 0}),
	)
	transmit.poll()
	assert stub.endpoints() == ["upload"]
	assert (
		get_datetime(_reload(invoice.name).ralom_efactura_next_poll).date()
		> get_datetime(now_datetime()).date()
	)
	# ANAF said ok, but today's 10 downloads are spent: the ZIP waits for tomorrow.
	frappe.db.set_value(
		"Sales Invoice",
		invoice.name,
		{
			"ralom_efactura_download_id": "3001",
			"ralom_efactura_calls": json.dumps({"day": nowdate(), "status": 3, "download": 10}),
		},
	)
	_due_now(invoice.name)
	transmit.poll()
	assert stub.endpoints() == ["upload"]


@pytest.mark.parametrize(
	"answer",
	[
		(200, {"Content-Type": "application/zip"}, b"PK\x03\x04 this is not a zip"),
		(200, {"Content-Type": "application/zip"}, A.zip_of({f"{INDEX}.xml": "<Invoice/>"})),
		A.json_error("Pentru id=3001 nu exista inregistrata nici o factura"),
	],
	ids=["malformed", "unsigned", "no-zip"],
)
def test_a_bad_zip_from_anaf_is_kept_as_an_error_never_as_validated(stub, invoice, answer):
	_sent(stub, invoice)
	stub.script("stareMesaj", A.status("ok", "3001"))
	stub.script("descarcare", answer)
	transmit.poll()
	doc = _reload(invoice.name)
	assert doc.ralom_efactura_status == "In Progress"
	assert doc.ralom_efactura_errors and not doc.ralom_efactura_signed_zip
	# The next check downloads again without asking the status again.
	stub.script("descarcare", A.signed_zip(INDEX))
	_due_now(invoice.name)
	transmit.poll()
	assert _reload(invoice.name).ralom_efactura_status == "Validated"
	assert stub.endpoints() == ["upload", "stareMesaj", "descarcare", "descarcare"]


def test_a_status_timeout_is_retried_then_stored(stub, invoice):
	_sent(stub, invoice)
	stub.script("stareMesaj", "timeout")
	transmit.poll()
	assert stub.endpoints().count("stareMesaj") == 3
	assert _reload(invoice.name).ralom_efactura_status == "In Progress"
	assert _reload(invoice.name).ralom_efactura_errors


def test_an_upload_timeout_is_not_retried_and_staff_are_told_to_check_the_spv(stub, invoice):
	stub.script("upload", "timeout")
	with in_language("ro"):
		result = transmit.send(invoice.name)
	assert stub.endpoints() == ["upload"]
	assert result["status"] == "Not Sent"
	assert "verificați SPV" in result["problems"][0]


def test_an_expired_token_is_refreshed_and_stored_encrypted(stub, invoice):
	frappe.db.set_single_value("e-Factura Settings", "token_expires_on", add_days(now_datetime(), -1))
	stub.script("token", A.token_ok("ACCESS-2", "REFRESH-2"))
	stub.script("upload", A.upload_ok(INDEX))
	transmit.send(invoice.name)
	token_call, upload = stub.calls
	assert token_call["endpoint"] == "token"
	assert (
		b"grant_type=refresh_token" in token_call["body"] and b"refresh_token=REFRESH-1" in token_call["body"]
	)
	assert token_call["authorization"].startswith("Basic ")
	assert upload["authorization"] == "Bearer ACCESS-2"
	settings = frappe.get_single("e-Factura Settings")
	assert settings.get_password("refresh_token") == "REFRESH-2"
	assert frappe.db.get_single_value("e-Factura Settings", "access_token") != "ACCESS-2"


def test_a_401_renews_the_token_once_and_retries(stub, invoice):
	stub.script("upload", A.UNAUTHORIZED, A.upload_ok(INDEX))
	stub.script("token", A.token_ok("ACCESS-3", "REFRESH-3"))
	assert transmit.send(invoice.name)["status"] == "In Progress"
	assert stub.endpoints() == ["upload", "token", "upload"]


def test_submit_marks_the_invoice_not_sent_and_queues_it_when_the_setting_says_so(
	stub, factories, monkeypatch
):
	queued = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **kw: queued.append((method, kw["name"])))
	frappe.db.set_single_value("e-Factura Settings", "send_on_submit", 1)
	customer = factories.customer(tax_id="RO18547290").name
	make_billing_address(customer)
	invoice = factories.sales_invoice(customer, [(factories.item().name, 1, 100)], vat_rate=19)
	assert _reload(invoice.name).ralom_efactura_status == "Not Sent"
	assert queued == [("ralom_portal.efactura.transmit.send_queued", invoice.name)]
	assert stub.calls == []


@pytest.mark.parametrize("name", [None, "", "x" * 500, "SINV-DOES-NOT-EXIST"])
def test_the_send_method_refuses_bad_or_unknown_names_with_one_translated_403(stub, name):
	from ralom_portal.api import efactura as api

	with in_language("ro"), pytest.raises(frappe.PermissionError, match="Nu aveți dreptul să trimiteți"):
		api.send(name=name)
	assert stub.calls == []


def test_the_send_method_refuses_a_name_that_is_not_text(stub):
	from ralom_portal.api import efactura as api
	from ralom_portal.utils.request_args import ArgumentTypeError

	with pytest.raises(ArgumentTypeError):
		api.send(name=["SINV-1"])
	assert stub.calls == []


def test_a_portal_client_cannot_send_its_own_invoice(stub, factories):
	from ralom_portal.api import efactura as api
	from ralom_portal.tests.test_efactura_portal import _client

	customer, user = _client(factories, "RO18547290")
	make_billing_address(customer.name)
	invoice = factories.sales_invoice(customer.name, [(factories.item().name, 1, 100)], vat_rate=19)
	factories.as_user(user.name)
	with pytest.raises(frappe.PermissionError):
		api.send(name=invoice.name)
	frappe.set_user("Administrator")
	assert stub.calls == [] and _reload(invoice.name).ralom_efactura_status == "Not Sent"


def test_staff_send_through_the_method(stub, invoice):
	from ralom_portal.api import efactura as api

	stub.script("upload", A.upload_ok(INDEX))
	assert api.send(name=invoice.name) == {"status": "In Progress", "problems": []}


def test_an_invoice_sent_to_anaf_cannot_be_cancelled_but_an_unsent_one_can(stub, invoice, factories):
	from ralom_portal import hooks

	# Wired as the app declares it (read from the module: a shared site's hook cache may lag).
	assert hooks.doc_events["Sales Invoice"]["before_cancel"] == "ralom_portal.efactura.transmit.on_cancel"
	_sent(stub, invoice)
	with in_language("ro"), pytest.raises(frappe.ValidationError, match="emiteți o factură de stornare"):
		transmit.on_cancel(_reload(invoice.name))
	customer = factories.customer(tax_id="RO18547290").name
	unsent = factories.sales_invoice(customer, [(factories.item().name, 1, 100)], vat_rate=19)
	transmit.on_cancel(unsent)
	unsent.cancel()
	assert _reload(unsent.name).docstatus == 2


def test_anafs_validare_is_reachable_through_the_client_and_files_nothing(stub, invoice):
	"""ANAF's own `validare` stays the authority over our rules: the client sends the invoice's XML
	and returns ANAF's verdict; nothing is uploaded and the invoice's status does not move."""
	from ralom_portal.efactura.ubl import xml_for

	xml = xml_for(_reload(invoice.name))
	client = anaf.Client()
	stub.script("FACT1", A.validation_ok())
	assert client.validate(xml) == []
	message = "E: validari globale  eroare: [BR-RO-120] Adresa cumparatorului nu are judet"
	stub.script("FACT1", (503, {}, b"busy"), A.validation_nok(message))
	assert client.validate(xml) == [message]  # a 5xx is retried: nothing was filed
	stub.script("FCN", A.validation_ok())
	assert client.validate(xml, credit_note=True) == []
	assert stub.endpoints() == ["FACT1", "FACT1", "FACT1", "FCN"]
	assert stub.calls[0]["body"] == xml and stub.calls[0]["authorization"] == "Bearer ACCESS-1"
	assert transmit.status_of(_reload(invoice.name)) == "Not Sent"
	stub.script("FACT1", (200, {"Content-Type": "text/html"}, b"<html>maintenance</html>"))
	with in_language("ro"), pytest.raises(anaf.AnafError) as error:
		client.validate(xml)
	assert "ANAF a răspuns ceva ce nu este JSON" in str(error.value)
