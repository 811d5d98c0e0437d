"""Files over HTTP (committed demo data, served site): the library page, downloads and their
headers, the one 404, uploads and deletions."""

from __future__ import annotations

from urllib.parse import quote

import frappe
import pytest

from ralom_portal.tests.files_world import HTML, PDF, SVG

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
