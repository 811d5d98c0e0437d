"""Files ("Fișiere"): what a client sees, the library page query, the download endpoint's
refusals and headers, client uploads and deletions, staff sharing."""

from __future__ import annotations

from urllib.parse import quote

import frappe
import pytest

from ralom_portal.access.refuse import require_client
from ralom_portal.api import files as api
from ralom_portal.portal import client_files, file_serving
from ralom_portal.portal.queries import files as queries
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import module_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image(i: int = 0, fmt: str = "JPEG") -> bytes:
	"""A real, distinct image (Frappe re-encodes images to strip EXIF, so magic bytes alone fail)."""
	import io

	from PIL import Image

	out = io.BytesIO()
	Image.new("RGB", (8, 8), (i % 256, (i * 7) % 256, 90)).save(out, format=fmt)
	return out.getvalue()


PNG = _image(1, "PNG")
JPEG = _image(2)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
EXE = b"MZ\x90\x00\x03" + b"\x00" * 200
NOT_FOUND = "File not found."
DELETE_REFUSED = "You can delete only files you uploaded yourself."


def _names(customers, **filters) -> set[str]:
	base = {"type": None, "record": None, "text": None, "page": 1}
	result = queries.library(customers, base | filters)
	assert result["pages"] == 1, "use a filter that fits one page"
	return {f.name for f in result["files"]}


def _quote_request(customer: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Quote Request",
				"customer": customer,
				"delivery_option": "Pickup from supplier",
				"items": [{"description": "Linie", "qty": 1, "uom": "Nos"}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


@pytest.fixture
def light(world):
	"""A client with one portal user, for tests that read none of its records (client A of the
	world, so that it is not built again between them)."""
	return frappe._dict(a=world.a, a_user=world.a_user)


@pytest.fixture
def world(request):
	"""Client A's files on every record kind, what A must not see, and client B's files: built once
	for the tests of this module that use it (tests/worlds.py); each rolls back its own writes."""
	return module_world(request, _build_world)


def _build_world():
	from ralom_portal.tests import factories as f

	a, a_user = f.client()
	a_other = f.portal_user(a.name)
	b, b_user = f.client()
	offer = f.quotation(a.name)
	draft = f.quotation(a.name, submit=False)
	invoice = f.sales_invoice(a.name)
	project, tasks = f.project(a.name, tasks=2)
	frappe.db.set_value("Task", tasks[1].name, "ralom_portal_visible", 0)
	contract = f.contract(a.name)
	request = _quote_request(a.name)
	b_project, _ = f.project(b.name, tasks=0)
	mine = {
		"offer": f.file("Quotation", offer.name, "Ofertă tehnică.pdf").name,
		"invoice": f.file("Sales Invoice", invoice.name, "Factură anexă.pdf").name,
		"project_photo": f.file("Project", project.name, "Foto șantier.jpg", JPEG).name,
		"task": f.file("Task", tasks[0].name, "Releveu.png", PNG).name,
		"contract": f.file("Contract", contract.name, "Contract semnat.pdf").name,
		"request": f.file("Quote Request", request, "Plan.pdf").name,
		"shared": f.file(
			"Customer", a.name, "Listă prețuri.pdf", shared=True, folder="Liste de prețuri"
		).name,
		"shared_drawing": f.file("Customer", a.name, "Plan E-01.dxf", b"0\nSECTION\n", shared=True).name,
	}
	hidden = {
		"internal": f.file("Project", project.name, "Marjă internă.pdf", internal=True).name,
		"internal_shared": f.file("Customer", a.name, "Intern.pdf", shared=True, internal=True).name,
		"unshared_customer": f.file("Customer", a.name, "Evaluare client.pdf").name,
		"draft": f.file("Quotation", draft.name, "Ciornă.pdf").name,
		"hidden_task": f.file("Task", tasks[1].name, "Task ascuns.pdf").name,
		"b_project": f.file("Project", b_project.name, "Proiect B.pdf").name,
		"b_shared": f.file("Customer", b.name, "Prețuri B.pdf", shared=True).name,
	}
	return frappe._dict(
		a=a.name,
		b=b.name,
		a_user=a_user.name,
		a_other=a_other.name,
		b_user=b_user.name,
		mine=mine,
		hidden=hidden,
		project=project.name,
		task=tasks[0].name,
		offer=offer.name,
		draft=draft.name,
		request=request,
	)


# what a client sees --------------------------------------------------------------------------------


def test_library_lists_exactly_client_a_files_across_every_record_kind(world):
	assert _names((world.a,)) == set(world.mine.values())
	assert _names((world.b,)) == {world.hidden["b_project"], world.hidden["b_shared"]}


def test_permission_hooks_agree_with_the_library(world):
	from ralom_portal.access import hooks

	condition = hooks.query_conditions(world.a_user, "File")
	listed = {r[0] for r in frappe.db.sql(f"select name from `tabFile` where {condition}")}
	assert listed == set(world.mine.values())
	for name in world.mine.values():
		assert hooks.has_permission(frappe.get_doc("File", name), "read", world.a_user) is True
	for name in world.hidden.values():
		assert hooks.has_permission(frappe.get_doc("File", name), "read", world.a_user) is False


def test_filters_by_type_record_kind_and_text(world):
	a = (world.a,)
	assert _names(a, type="image") == {world.mine["project_photo"], world.mine["task"]}
	assert _names(a, type="drawing") == {world.mine["shared_drawing"]}
	assert _names(a, type="pdf") == {
		world.mine[k] for k in ("offer", "invoice", "contract", "request", "shared")
	}
	assert _names(a, record="Customer") == {world.mine["shared"], world.mine["shared_drawing"]}
	assert _names(a, record="Task") == {world.mine["task"]}
	assert _names(a, text="prețuri") == {world.mine["shared"]}  # by folder and by name
	assert _names(a, text="Liste de") == {world.mine["shared"]}
	assert _names(a, text="%") == set()
	assert _names(a, text="Proiect B") == set()


def test_unknown_filters_are_ignored():
	clean = queries.clean_filters({"type": "exe' or 1=1", "record": "User", "q": "x" * 500, "page": "-3"})
	assert clean == {"type": None, "record": None, "text": "x" * 100, "page": 1}
	assert queries.clean_filters({"page": "abc", "q": ["list"]})["page"] == 1


def test_rows_link_to_their_portal_pages(world):
	rows = {f.name: f for f in queries.library((world.a,), queries.clean_filters({}))["files"]}
	assert rows[world.mine["offer"]].record_route == f"/portal/offers/{world.offer}"
	assert rows[world.mine["task"]].record_route == f"/portal/projects/{world.project}"
	assert rows[world.mine["request"]].record_route == f"/portal/quote-requests/{world.request}"
	assert rows[world.mine["shared"]].company_file and rows[world.mine["shared"]].record_route is None
	assert rows[world.mine["shared"]].ralom_portal_folder == "Liste de prețuri"
	assert rows[world.mine["project_photo"]].preview and not rows[world.mine["shared_drawing"]].preview


def test_library_pages_through_many_files(factories):
	a, _user = factories.client()
	for i in range(queries.PAGE_SIZE + 3):
		factories.file("Customer", a.name, f"Doc {i}.pdf", PDF + str(i).encode(), shared=True)
	first = queries.library((a.name,), queries.clean_filters({}))
	last = queries.library((a.name,), queries.clean_filters({"page": "2"}))
	beyond = queries.library((a.name,), queries.clean_filters({"page": "99"}))
	assert first["total"] == queries.PAGE_SIZE + 3 and first["pages"] == 2
	assert len(first["files"]) == queries.PAGE_SIZE and len(last["files"]) == 3
	assert {f.name for f in first["files"]}.isdisjoint(f.name for f in last["files"])
	assert beyond["page"] == 2


def test_library_query_count_does_not_grow_with_the_number_of_files(factories):
	few, _ = factories.client()
	many, _ = factories.client()
	project, tasks = factories.project(many.name, tasks=1)
	factories.file("Customer", few.name, "a.pdf", shared=True)
	# Projects and tasks take at most 4 attachments in ERPNext; the company folder has no limit.
	for i in range(12):
		factories.file("Customer", many.name, f"c{i}.pdf", PDF + str(i).encode(), shared=True)
	for i in range(3):
		factories.file("Project", project.name, f"p{i}.jpg", _image(i + 10))
		factories.file("Task", tasks[0].name, f"t{i}.png", _image(i + 40, "PNG"))
	filters = queries.clean_filters({})
	n_few = count_queries(lambda: queries.library((few.name,), filters))
	n_many = count_queries(lambda: queries.library((many.name,), filters))
	assert n_few == n_many == 2
	assert count_queries(lambda: queries.upload_targets((many.name,))) == 1


# the download endpoint -------------------------------------------------------------------------------


def _download(user: str, name):
	with as_user(user):
		return api.download(name=name)


def test_client_downloads_own_pdf_inline_with_safe_headers(world):
	r = _download(world.a_user, world.mine["offer"])
	assert r.status_code == 200
	assert r.mimetype == "application/pdf"
	# Frappe may add a suffix to the stored name; the header carries the row's name, encoded.
	stored = frappe.db.get_value("File", world.mine["offer"], "file_name")
	assert stored.startswith("Ofertă tehnică")
	assert r.headers["Content-Disposition"] == (
		f'inline; filename="Oferta tehnica{stored[len("Ofertă tehnică") :]}"; '
		f"filename*=UTF-8''{quote(stored, safe='')}"
	)
	assert "Ofert%C4%83%20tehnic%C4%83" in r.headers["Content-Disposition"]
	assert r.headers["X-Content-Type-Options"] == "nosniff"
	assert "default-src 'none'" in r.headers["Content-Security-Policy"]
	assert b"".join(r.response) == PDF
	r.close()


def test_second_contact_of_the_same_client_downloads_too(world):
	r = _download(world.a_other, world.mine["shared"])
	assert r.status_code == 200 and r.mimetype == "application/pdf"
	r.close()


def test_drawings_are_attachments(world):
	r = _download(world.a_user, world.mine["shared_drawing"])
	assert r.mimetype == "application/octet-stream"
	assert r.headers["Content-Disposition"].startswith("attachment;")
	assert "sandbox" in r.headers["Content-Security-Policy"]
	r.close()


def _is_the_one_404(response):
	assert response.status_code == 404
	assert response.get_data(as_text=True) == file_serving.not_found().get_data(as_text=True)
	assert NOT_FOUND in response.get_data(as_text=True)


def test_files_client_a_may_not_have_get_the_one_404(world):
	# internal, internal and shared, unshared Customer file, on a draft, on a hidden task, B's files
	for name in world.hidden.values():
		_is_the_one_404(_download(world.a_user, name))


MALFORMED = [
	None,
	"",
	"nope-123",
	"../../site_config.json",
	"..%2F..%2Fsite_config.json",
	"/etc/passwd",
	"/private/files/x.pdf",
	"a\x00b",
	"x" * 1000,
	["list"],
]


def test_missing_and_malformed_names_get_the_one_404(light):
	for name in MALFORMED:
		_is_the_one_404(_download(light.a_user, name))


def test_client_b_staff_and_guests_get_the_one_404_for_client_a_files(world, factories):
	staff = factories.staff_user()
	for user in (world.b_user, staff.name, "Guest"):
		_is_the_one_404(_download(user, world.mine["offer"]))


def test_forged_row_pointing_at_another_clients_file_url_is_refused(world, factories):
	"""The check is on the row served: a row sharing B's URL grants nothing, on B's row or its own."""
	b_url = frappe.db.get_value("File", world.hidden["b_project"], "file_url")
	forged = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "forged.pdf",
			"file_url": b_url,
			"is_private": 1,
			"attached_to_doctype": "Quotation",
			"attached_to_name": world.draft,
		}
	).insert(ignore_permissions=True)
	_is_the_one_404(_download(world.a_user, forged.name))
	_is_the_one_404(_download(world.a_user, world.hidden["b_project"]))
	# And A's own visible row is served from its own URL, whatever else shares a name with it.
	r = _download(world.a_user, world.mine["contract"])
	assert r.status_code == 200 and b"".join(r.response) == PDF
	r.close()


@pytest.mark.parametrize(
	"url",
	[
		"/private/files/../../site_config.json",
		"/private/files/%2e%2e/site_config.json",
		"/private/files/..",
		"/private/files/sub/../../../site_config.json",
		"/etc/passwd",
		"private/files/x.pdf",
		"/files/../private/files/x.pdf",
		"https://evil.example/x.pdf",
		"/private/files/missing-file.pdf",
	],
)
def test_rows_with_traversal_or_foreign_urls_are_refused(url):
	row = frappe._dict(file_name="x.pdf", file_url=url, is_private=1)
	assert file_serving.disk_path(url, 1) is None
	_is_the_one_404(file_serving.serve(row))


def test_private_row_is_never_read_from_the_public_folder(world):
	url = frappe.db.get_value("File", world.mine["offer"], "file_url")
	assert file_serving.disk_path(url, 1)
	assert file_serving.disk_path(url.replace("/private/files/", "/files/"), 1) is None
	assert file_serving.disk_path(url, 0) is None


def test_html_and_svg_are_never_inline_and_never_text_html(light):
	cases = [("pagina.html", HTML), ("desen.svg", SVG), ("factura.pdf", HTML), ("x.htm", HTML)]
	for file_name, content in cases:
		name = builders_file(light.a, file_name, content)
		r = _download(light.a_user, name)
		assert r.status_code == 200, file_name
		assert r.mimetype == "application/octet-stream", file_name
		assert "html" not in r.headers["Content-Type"] and "svg" not in r.headers["Content-Type"]
		assert r.headers["Content-Disposition"].startswith("attachment;")
		assert "sandbox" in r.headers["Content-Security-Policy"]
		r.close()


def builders_file(customer: str, file_name: str, content: bytes) -> str:
	from ralom_portal.tests import factories

	return factories.file("Customer", customer, file_name, content, shared=True).name


def test_unicode_and_hostile_names_are_encoded_in_the_header():
	header = file_serving.content_disposition("attachment", 'Ș"; x=1\r\nSet-Cookie: a=b.pdf')
	assert "\r" not in header and "\n" not in header
	assert header == (
		'attachment; filename="S__ x_1Set-Cookie_ a_b.pdf"; '
		"filename*=UTF-8''%C8%98%22%3B%20x%3D1Set-Cookie%3A%20a%3Db.pdf"
	)


# client uploads --------------------------------------------------------------------------------------


def _upload(user: str, files):
	with as_user(user):
		return client_files.upload_to_company(require_client(), files)


def _company_files(customer: str) -> int:
	return frappe.db.count("File", {"attached_to_doctype": "Customer", "attached_to_name": customer})


def test_client_uploads_to_the_company_from_client_folder(world):
	saved = _upload(world.a_user, [("Măsurători hală.pdf", PDF)])
	assert saved["files"] == ["Măsurători hală.pdf"]
	row = frappe.db.get_value(
		"File",
		{"attached_to_doctype": "Customer", "attached_to_name": world.a, "file_name": "Măsurători hală.pdf"},
		["name", "owner", "is_private", "ralom_portal_shared", "ralom_portal_folder"],
		as_dict=True,
	)
	assert (row.owner, row.is_private, row.ralom_portal_shared) == (world.a_user, 1, 1)
	assert row.ralom_portal_folder == queries.CLIENT_FOLDER
	listed = {
		f.name: f for f in queries.library((world.a,), queries.clean_filters({}), user=world.a_user)["files"]
	}
	assert listed[row.name].deletable
	assert row.name not in _names((world.b,))


def test_account_manager_is_told_in_the_desk_about_client_uploads(world, factories):
	manager = factories.staff_user()
	frappe.db.set_value("Customer", world.a, "account_manager", manager.name)
	_upload(world.a_user, [("Comandă semnată.pdf", PDF + b"signed")])
	alert = frappe.get_all(
		"Notification Log",
		{"for_user": manager.name, "document_type": "Customer", "document_name": world.a},
		["subject", "email_content"],
	)
	assert len(alert) == 1 and "Comandă semnată" in alert[0].email_content


@pytest.mark.parametrize(
	("files", "message"),
	[
		([("program.pdf", EXE)], "does not match its extension"),
		([("pagina.pdf", HTML)], "does not match its extension"),
		([("pagina.html", HTML)], "this file type is not allowed"),
		([("desen.svg", SVG)], "this file type is not allowed"),
		([("program.exe", EXE)], "this file type is not allowed"),
		([("gol.pdf", b"")], "is empty"),
		([("../../etc/passwd.pdf", PDF)], "this file name is not allowed"),
		([("a\x00b.pdf", PDF)], "this file name is not allowed"),
		([("x" * 1000 + ".pdf", PDF)], "this file name is not allowed"),
		([], "Choose at least one file."),
		([(f"f{i}.pdf", PDF + bytes([i])) for i in range(6)], "at most 5 files"),
	],
)
def test_bad_uploads_are_refused_and_store_nothing(light, files, message):
	before = _company_files(light.a)
	with pytest.raises(client_files.ClientFileError) as error:
		_upload(light.a_user, files)
	assert message in str(error.value), str(error.value)
	assert _company_files(light.a) == before


def test_upload_over_the_settings_limit_is_refused(light):
	frappe.db.set_single_value("Client Portal Settings", "file_upload_max_mb", 1)
	before = _company_files(light.a)
	with pytest.raises(client_files.ClientFileError) as error:
		_upload(light.a_user, [("mare.pdf", PDF + b"0" * (1024 * 1024))])
	assert "larger than 1 MB" in str(error.value)
	assert _company_files(light.a) == before


def test_refusals_are_translated_to_romanian(light):
	frappe.local.lang = "ro"
	try:
		with pytest.raises(client_files.ClientFileError) as error:
			_upload(light.a_user, [("gol.pdf", b"")])
		assert "este gol" in str(error.value), str(error.value)
	finally:
		frappe.local.lang = "en"


def test_staff_and_unlinked_users_cannot_upload_to_a_company(world, factories):
	staff = factories.staff_user()
	unlinked = factories.portal_user(None)
	for user in (staff.name, unlinked.name):
		with pytest.raises(frappe.PermissionError):
			_upload(user, [("x.pdf", PDF)])


# deleting ------------------------------------------------------------------------------------------


def _delete(user: str, name):
	with as_user(user):
		return client_files.delete_own(name, user)


def test_client_deletes_own_upload(world):
	_upload(world.a_user, [("de șters.pdf", PDF)])
	name = frappe.db.get_value("File", {"attached_to_name": world.a, "file_name": "de șters.pdf"})
	assert _delete(world.a_user, name) == {"deleted": name}
	assert not frappe.db.exists("File", name)


def test_client_cannot_delete_staff_files_another_contacts_or_another_clients(world):
	_upload(world.a_other, [("al colegului.pdf", PDF)])
	colleague = frappe.db.get_value("File", {"attached_to_name": world.a, "file_name": "al colegului.pdf"})
	targets = [
		colleague,
		world.mine["shared"],
		world.mine["offer"],
		world.hidden["b_shared"],
		"missing",
		None,
	]
	for name in targets:
		with pytest.raises(frappe.PermissionError) as error:
			_delete(world.a_user, name)
		assert DELETE_REFUSED in str(error.value)
	for name in targets[:4]:
		assert frappe.db.exists("File", name)


# desk sharing --------------------------------------------------------------------------------------


def test_staff_share_a_customer_attachment_with_the_client(world):
	name = world.hidden["unshared_customer"]
	assert name not in _names((world.a,))
	client_files.share(name, 1, "Contracte semnate")
	assert name in _names((world.a,), record="Customer")
	client_files.share(name, 0)
	assert name not in _names((world.a,))


def test_only_customer_attachments_can_be_shared_and_clients_cannot_share(world):
	with pytest.raises(frappe.ValidationError):
		client_files.share(world.hidden["internal"], 1)
	as_user(world.a_user)
	try:
		with pytest.raises(frappe.PermissionError):
			api.share(name=world.hidden["unshared_customer"], shared=1)
	finally:
		as_user("Administrator")
	assert not frappe.db.get_value("File", world.hidden["unshared_customer"], "ralom_portal_shared")


# over HTTP (committed demo data, served site) --------------------------------------------------------

DOWNLOAD = "/api/method/ralom_portal.api.files.download"


@pytest.fixture(scope="module")
def served(demo_data):
	"""Client A's and B's demo files by name, plus a few committed rows the HTTP cases need."""
	from ralom_portal.demo import builders
	from ralom_portal.demo import files as demo_files
	from ralom_portal.demo.dataset import CLIENTS

	frappe.set_user("Administrator")
	a, b = CLIENTS[0]["name"], CLIENTS[1]["name"]

	def row(customer_or_doctype, name, file_name):
		return frappe.db.get_value(
			"File",
			{"attached_to_doctype": customer_or_doctype, "attached_to_name": name, "file_name": file_name},
		)

	def ensure(doctype, name, file_name, content, **kw):
		return (
			row(doctype, name, file_name) or builders.make_file(doctype, name, file_name, content, **kw).name
		)

	project_a = frappe.db.get_value("Project", {"customer": a, "project_name": CLIENTS[0]["project"]})
	request_a = frappe.db.get_value("Quote Request", {"customer": a, "status": "Submitted"})
	names = frappe._dict(
		price_list=row("Customer", a, "Listă de prețuri 2026.pdf"),
		photo=row("Project", project_a, "Foto șantier 1.jpg"),
		internal=row("Project", project_a, demo_files.INTERNAL_FILE),
		unshared=row("Customer", a, "Fișă evaluare client.pdf"),
		b_price_list=row("Customer", b, "Listă de prețuri 2026.pdf"),
		html_as_pdf=ensure("Customer", a, "pagină.pdf", HTML, shared=True, folder="Test"),
		svg=ensure("Customer", a, "desen.svg", SVG, shared=True, folder="Test"),
		request_file=ensure("Quote Request", request_a, "Schiță cerere.pdf", PDF),
	)
	frappe.db.commit()
	assert all(names.values()), names
	return frappe._dict(names=names, a=a, b=b, request=request_a, clients=CLIENTS)


@pytest.fixture(scope="module")
def http_clients(server, served):
	from ralom_portal.demo.dataset import DEMO_PASSWORD

	a = server.client(served.clients[0]["users"][0]["email"], DEMO_PASSWORD)
	b = server.client(served.clients[1]["users"][0]["email"], DEMO_PASSWORD)
	for c in (a, b):
		c.open_portal()
	return frappe._dict(a=a, b=b, guest=server.client())


@pytest.mark.http
def test_library_page_lists_client_a_demo_files_in_romanian(http_clients, served):
	from ralom_portal.demo import files as demo_files

	r = http_clients.a.get("/portal/files")
	assert r.status_code == 200
	assert "Fișiere" in r.text and "Previzualizare" in r.text and "Descarcă" in r.text
	for shown in ("Listă de prețuri 2026.pdf", "Foto șantier 1.jpg", "Plan amplasament tablouri", "Planșe"):
		assert shown in r.text, shown
	for hidden in (demo_files.INTERNAL_FILE, "Fișă evaluare client.pdf", "Agro"):
		assert hidden not in r.text, hidden
	assert served.names.price_list in r.text and served.names.b_price_list not in r.text
	filtered = http_clients.a.get("/portal/files", params={"type": "image", "q": "Foto"})
	assert filtered.status_code == 200
	assert "Foto șantier 1.jpg" in filtered.text and "Listă de prețuri" not in filtered.text
	hostile = http_clients.a.get(
		"/portal/files", params={"type": "x' or 1=1", "q": "<script>alert(1)</script>"}
	)
	assert hostile.status_code == 200 and "<script>alert(1)</script>" not in hostile.text


@pytest.mark.http
def test_client_downloads_own_files_with_safe_headers_over_http(http_clients, served):
	r = http_clients.a.get(DOWNLOAD, params={"name": served.names.price_list})
	assert r.status_code == 200, r.text[:300]
	assert r.headers["Content-Type"] == "application/pdf"
	assert r.headers["Content-Disposition"].startswith('inline; filename="Lista de preturi 2026')
	assert "filename*=UTF-8''List%C4%83%20de%20pre%C8%9Buri%202026" in r.headers["Content-Disposition"]
	assert r.headers["X-Content-Type-Options"] == "nosniff"
	# The endpoint's own policy survives the header hook: previews framable by the portal only.
	assert "default-src 'none'" in r.headers["Content-Security-Policy"]
	assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
	assert r.headers["X-Frame-Options"] == "SAMEORIGIN"
	assert r.content.startswith(b"%PDF-")
	photo = http_clients.a.get(DOWNLOAD, params={"name": served.names.photo})
	assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
	assert photo.headers["Content-Disposition"].startswith("inline;")


@pytest.mark.http
def test_html_and_svg_are_served_as_downloads_never_as_html(http_clients, served):
	for name in (served.names.html_as_pdf, served.names.svg):
		r = http_clients.a.get(DOWNLOAD, params={"name": name})
		assert r.status_code == 200
		assert r.headers["Content-Type"] == "application/octet-stream"
		assert r.headers["Content-Disposition"].startswith("attachment;")
		assert "sandbox" in r.headers["Content-Security-Policy"]
		assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.http
def test_every_refusal_over_http_is_the_same_404(http_clients, served):
	url = frappe.db.get_value("File", served.names.price_list, "file_url")
	cases = [
		(http_clients.a, served.names.b_price_list),
		(http_clients.a, served.names.internal),
		(http_clients.a, served.names.unshared),
		(http_clients.a, "no-such-file"),
		(http_clients.a, "../../../site_config.json"),
		(http_clients.a, "..%2F..%2Fsite_config.json"),
		(http_clients.a, "/etc/passwd"),
		(http_clients.a, url),
		(http_clients.b, served.names.price_list),
		(http_clients.guest, served.names.price_list),
	]
	bodies = {}
	for client, name in cases:
		r = client.get(DOWNLOAD, params={"name": name})
		assert r.status_code == 404, (name, r.status_code, r.text[:200])
		assert "Traceback" not in r.text and (name or "x") not in r.text
		bodies.setdefault(client is http_clients.guest, set()).add(r.text)
	# One body per language: the clients read Romanian, the guest English.
	assert len(bodies[False]) == 1 and len(bodies[True]) == 1, bodies
	# The raw private URL stays closed.
	assert http_clients.a.get(url).status_code == 403


@pytest.mark.http
def test_quote_request_page_links_its_attachments_to_the_download(http_clients, served):
	r = http_clients.a.get(f"/portal/quote-requests/{served.request}")
	assert r.status_code == 200
	link = f"{DOWNLOAD}?name={quote(served.names.request_file, safe='')}"
	assert link in r.text
	assert http_clients.a.get(link).status_code == 200


def _message(response) -> str:
	import json

	data = response.json()
	return " ".join(json.loads(m)["message"] for m in json.loads(data.get("_server_messages") or "[]"))


@pytest.mark.http
def test_client_uploads_and_deletes_own_file_over_http(http_clients, served):
	c = http_clients.a
	refused = c.post(
		"/api/method/ralom_portal.api.files.upload",
		files=[("files", ("virus.pdf", HTML, "application/pdf"))],
	)
	assert refused.status_code == 417, refused.text[:300]
	assert "conținutul fișierului nu corespunde extensiei" in _message(refused)
	r = c.post(
		"/api/method/ralom_portal.api.files.upload",
		files=[
			("files", ("Releveu client ăîșț.pdf", PDF + frappe.generate_hash().encode(), "application/pdf"))
		],
	)
	assert r.status_code == 200, r.text[:300]
	frappe.db.rollback()
	name = frappe.db.get_value(
		"File", {"attached_to_name": served.a, "file_name": ["like", "Releveu client ăîșț%"]}, "name"
	)
	assert name and name in c.get("/portal/files", params={"q": "Releveu client"}).text
	assert (
		http_clients.b.post("/api/method/ralom_portal.api.files.delete", data={"name": name}).status_code
		== 403
	)
	ok = c.post("/api/method/ralom_portal.api.files.delete", data={"name": name})
	assert ok.status_code == 200, ok.text[:300]
	frappe.db.rollback()
	assert not frappe.db.exists("File", name)
	assert c.get(DOWNLOAD, params={"name": name}).status_code == 404
