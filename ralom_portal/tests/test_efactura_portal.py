"""e-Factura in the portal (issue 28): the invoice's panel data, its XML and signed-ZIP downloads
through the invoice rule (one refusal for foreign, missing and not-yet-validated), the list filter,
the period archive (streamed ZIP), the bell event, and the demo invoices in every state."""

import io
import time
import uuid
import zipfile

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.api import efactura as api
from ralom_portal.demo.efactura import make_billing_address, seed
from ralom_portal.efactura import checks
from ralom_portal.portal.preferences import notification_text
from ralom_portal.portal.queries import invoices as inv_q
from ralom_portal.portal.queries import notifications
from ralom_portal.tests.worlds import module_world
from ralom_portal.utils.mail import in_language

REFUSAL = "Această factură nu există sau nu aveți acces la ea."


def _client(factories, tax_id):
	"""A customer and its portal user, named apart from other test runs' users and contacts: the
	test site is shared, and inserts into the same index gap (user-1-…, Contact "Client-3") from
	two open transactions deadlock."""
	token = uuid.uuid4().hex[:10]
	customer = factories.customer(f"EF Client {token}", tax_id=tax_id)
	user = factories.portal_user(
		customer.name, email=f"ef-{token}@efactura.example.ro", first_name=f"EF{token}"
	)
	return customer, user


def _clients(factories, *tax_ids):
	"""Several clients, created first thing in the test: when another run on the shared site makes
	InnoDB pick this transaction as a deadlock victim, it was rolled back whole, so try again."""
	for attempt in range(4):
		try:
			return [_client(factories, tax_id) for tax_id in tax_ids]
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			time.sleep(0.5 * (attempt + 1))
	return [_client(factories, tax_id) for tax_id in tax_ids]


@pytest.fixture
def world(request):
	"""Client A with a validated, an in-progress and an unsent invoice; client B with a validated one.
	Built once for the module's tests (tests/worlds.py: each test rolls back to just after it)."""
	return module_world(request, _build_world)


def _build_world():
	from ralom_portal.tests import factories

	(a, user_a), (b, user_b) = _clients(factories, "RO18547290", "RO30123455")
	item = factories.item(rate=100).name
	w = frappe._dict(a=a.name, b=b.name, user_a=user_a.name, user_b=user_b.name)
	for customer in (a.name, b.name):
		make_billing_address(customer)
	invoices = {
		"validated": factories.sales_invoice(a.name, [(item, 2, 100)], vat_rate=19),
		"progress": factories.sales_invoice(a.name, [(item, 1, 100)], vat_rate=19),
		"unsent": factories.sales_invoice(a.name, [(item, 1, 100)], vat_rate=19),
		"foreign": factories.sales_invoice(b.name, [(item, 3, 100)], vat_rate=19),
	}
	seed(invoices["validated"], "Validated", "5001000001")
	seed(invoices["progress"], "In Progress", "5001000002")
	seed(invoices["foreign"], "Validated", "5001000003")
	# Names only: a test loads what it reads, so nothing it changes reaches the next test.
	w.update({key: doc.name for key, doc in invoices.items()})
	return w


def _body(response) -> bytes:
	return b"".join(response.response) if not isinstance(response.response, bytes) else response.response


def test_the_invoice_page_data_carries_the_efactura_state(world):
	data = inv_q.invoice((world.a,), world.validated)
	assert (data.efactura_status, data.efactura_index) == ("Validated", "5001000001")
	assert data.efactura_has_xml and data.efactura_has_zip and data.efactura_validated_on
	progress = inv_q.invoice((world.a,), world.progress)
	assert (progress.efactura_status, progress.efactura_has_xml, progress.efactura_has_zip) == (
		"In Progress",
		1,
		0,
	)
	unsent = inv_q.invoice((world.a,), world.unsent)
	assert (unsent.efactura_status, unsent.efactura_has_xml) == ("Not Sent", 0)


def test_the_invoice_list_filters_on_the_efactura_state(world):
	rows = inv_q.invoice_list((world.a,), efactura="Validated")["invoices"]
	assert [r.name for r in rows] == [world.validated]
	assert {r.efactura_status for r in inv_q.invoice_list((world.a,))["invoices"]} == {
		"Validated",
		"In Progress",
		"Not Sent",
	}


def test_the_client_downloads_the_xml_and_the_signed_zip_of_its_validated_invoice(factories, world):
	factories.as_user(world.user_a)
	xml = api.download(name=world.validated, kind="xml")
	assert xml.status_code == 200 and "attachment" in xml.headers["Content-Disposition"]
	assert _body(xml) == checks.prepare(world.validated)[0]
	signed = api.download(name=world.validated, kind="zip")
	names = zipfile.ZipFile(io.BytesIO(_body(signed))).namelist()
	assert names == ["5001000001.xml", "semnatura_5001000001.xml"]


@pytest.mark.parametrize(
	"case",
	["foreign", "missing", "zip-in-progress", "xml-unsent", "bad-kind", "no-name", "long-name"],
)
def test_every_refused_download_gets_the_invoice_pdfs_one_answer(factories, world, case):
	name, kind = {
		"foreign": (world.foreign, "xml"),
		"missing": ("ACC-SINV-NOPE-00001", "xml"),
		"zip-in-progress": (world.progress, "zip"),
		"xml-unsent": (world.unsent, "xml"),
		"bad-kind": (world.validated, "pdf"),
		"no-name": (None, "xml"),
		"long-name": ("x" * 1000, "xml"),
	}[case]
	factories.as_user(world.user_a)
	with in_language("ro"), pytest.raises(frappe.PermissionError) as refused:
		api.download(name=name, kind=kind)
	assert str(refused.value) == REFUSAL


def test_staff_and_guests_get_the_same_refusal_from_the_client_download(world):
	for user in ("Administrator", "Guest"):
		frappe.set_user(user)
		with in_language("ro"), pytest.raises(frappe.PermissionError, match=REFUSAL):
			api.download(name=world.validated, kind="xml")


def _archive(start, end):
	response = api.archive(start=start, end=end)
	return zipfile.ZipFile(io.BytesIO(_body(response)))


def test_the_period_archive_holds_the_clients_xmls_and_signed_zips_only(factories, world):
	factories.as_user(world.user_a)
	archive = _archive(add_days(nowdate(), -1), add_days(nowdate(), 1))
	assert sorted(archive.namelist()) == sorted(
		[
			f"{world.validated}_5001000001.xml",
			f"{world.validated}_5001000001_semnat.zip",
			f"{world.progress}_5001000002.xml",
		]
	)
	inner = zipfile.ZipFile(io.BytesIO(archive.read(f"{world.validated}_5001000001_semnat.zip")))
	assert "semnatura_5001000001.xml" in inner.namelist()


@pytest.mark.parametrize(
	"start,end",
	[
		(None, None),
		("2026-13-01", "2026-12-01"),
		("2026-12-31", "2026-01-01"),
		("2020-01-01", "2026-01-01"),
		("x", "y"),
	],
)
def test_a_bad_archive_period_is_refused_in_romanian(factories, world, start, end):
	factories.as_user(world.user_a)
	with (
		in_language("ro"),
		pytest.raises(frappe.ValidationError, match="Alegeți o perioadă de cel mult un an"),
	):
		api.archive(start=start, end=end)


def test_an_archive_of_a_period_without_sent_invoices_is_a_404(factories, world):
	factories.as_user(world.user_a)
	with pytest.raises(frappe.DoesNotExistError):
		api.archive(start="2020-01-01", end="2020-01-31")


def test_the_archive_refuses_a_period_over_its_size_bound(factories, world, monkeypatch):
	from ralom_portal.portal import efactura_archive

	monkeypatch.setattr(efactura_archive, "MAX_INVOICES", 1)
	factories.as_user(world.user_a)
	with in_language("ro"), pytest.raises(frappe.ValidationError, match="prea multe facturi"):
		api.archive(start=add_days(nowdate(), -1), end=add_days(nowdate(), 1))


def test_the_bell_tells_the_client_when_anaf_validated_an_invoice(world):
	events = notifications.recent((world.a,), world.user_a, limit=50)["items"]
	validated = [e for e in events if e.event_key == f"efactura:{world.validated}"]
	assert len(validated) == 1 and validated[0].route == f"/portal/invoices/{world.validated}"
	with in_language("ro"):
		assert (
			notification_text(validated[0])
			== f"Factura {world.validated} a fost validată de ANAF (e-Factura)"
		)
	assert not [e for e in events if e.event_key == f"efactura:{world.progress}"]


def test_demo_invoices_pass_the_schema_and_every_rule_and_show_every_state(demo_data):
	from ralom_portal.demo.dataset import CLIENTS

	for client in CLIENTS:
		rows = frappe.get_all(
			"Sales Invoice",
			filters={"customer": client["name"], "docstatus": 1},
			fields=["name", "ralom_efactura_status"],
		)
		assert {r.ralom_efactura_status or "Not Sent" for r in rows} == {
			"Validated",
			"In Progress",
			"Rejected",
			"Not Sent",
		}, client["name"]
		for row in rows:
			assert checks.prepare(row.name)[1] == [], row.name
