"""Files ("Fișiere"): what a client sees, the library page query, the download endpoint's
refusals and headers, client uploads and deletions, staff sharing. Over HTTP: `test_files_http.py`."""

from __future__ import annotations

from urllib.parse import quote

import frappe
import pytest

from ralom_portal.access.refuse import require_client
from ralom_portal.api import files as api
from ralom_portal.portal import client_files, file_serving
from ralom_portal.portal.queries import files as queries
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.files_world import (
	DELETE_REFUSED,
	EXE,
	HTML,
	NOT_FOUND,
	PDF,
	SVG,
	_build_world,
	_image,
	_names,
)
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import module_world


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
	# The kinds of record with files (summaries/file_kinds.py), then the page and its total: one
	# reading of the branches.
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
	assert response.get_data(as_text=True) == file_serving.file_not_found().get_data(as_text=True)
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
