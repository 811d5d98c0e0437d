"""The website around the records, over HTTP: the pages clients are meant to reach, the profile
form (only one's own), bad paths, names under our API that are not methods, security headers.

Actors and records as in the route matrix (`test_isolation_routes_http.py`, `tests/route_world.py`).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import frappe
import pytest

from ralom_portal.demo.dataset import CLIENTS
from ralom_portal.tests import http_actors, route_world
from ralom_portal.tests.route_world import ACTORS, canonical_404


@pytest.fixture(scope="module")
def world(demo_data):
	return route_world.build()


@pytest.fixture(scope="module")
def actors(server, world):
	return http_actors.log_in(server, (*ACTORS, "staff_sales_user"))


@pytest.mark.http
def test_clients_reach_the_pages_the_portal_means_to_show(actors, world):
	a_email = CLIENTS[0]["users"][0]["email"]
	web_page = _published_web_page()
	for actor in ACTORS:
		client = actors[actor]
		for path in ("/login", "/update-password", "/portal/register", "/robots.txt", f"/{web_page}"):
			r = client.get(path)
			assert r.status_code in (200, 301, 302, 303), (actor, path, r.status_code)
			assert "Traceback" not in r.text
		r = client.get("/portal")
		# The unlinked user gets the portal's own "no access yet" page.
		expected = {"guest": (301, 302), "unlinked_website_user": (403,)}.get(actor, (200,))
		assert r.status_code in expected, (actor, r.status_code)
	a = actors["client_a"]
	assert a.get(f"/update-profile/{quote(a_email)}/edit").status_code == 200
	# ERPNext's own /quotations is sent to the portal's offers, for everyone.
	r = a.get("/quotations")
	assert r.status_code in (301, 302) and r.headers["Location"].endswith("/portal/offers")


def _published_web_page() -> str:
	route = "ralom-route-matrix-public"
	if not frappe.db.exists("Web Page", {"route": route}):
		frappe.get_doc(
			{
				"doctype": "Web Page",
				"title": "Ralom route matrix public page",
				"route": route,
				"published": 1,
				"content_type": "Rich Text",
				"main_section": "<p>Public</p>",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return route


@pytest.mark.http
def test_profile_form_is_only_for_the_users_own_profile(actors, world):
	"""Another user's profile, a missing one and the form's list/new views: the one 404."""
	a_email = CLIENTS[0]["users"][0]["email"]
	b_email = CLIENTS[1]["users"][0]["email"]
	for actor in ACTORS:
		client = actors[actor]
		other = b_email if actor == "client_a" else a_email
		expected = canonical_404(client)
		for path in (
			f"/update-profile/{quote(other)}/edit",
			f"/update-profile/{quote(other)}",
			"/update-profile/nobody%40example.ro/edit",
			"/update-profile/new",
			"/update-profile/list",
			"/update-profile",
			f"/update-profile/{quote(other.upper())}/edit",
			f"/%20update-profile/{quote(other)}/edit.html",
		):
			r = client.get(path)
			assert (r.status_code, r.text) == (404, expected), (actor, path, r.status_code)


@pytest.mark.http
def test_profile_form_accept_refuses_other_users_and_files_alike(actors, world):
	a_email = CLIENTS[0]["users"][0]["email"]
	b_email = CLIENTS[1]["users"][0]["email"]
	method = "/api/method/frappe.website.doctype.web_form.web_form.accept"
	image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
	cases = {
		"other_user": {"name": a_email, "doctype": "User", "first_name": "Pwned"},
		"missing_user": {"name": "nobody@example.ro", "doctype": "User", "first_name": "Pwned"},
		"new_user": {"doctype": "User", "first_name": "Pwned", "email": "new@example.ro"},
		"own_profile_with_file": {"name": b_email, "doctype": "User", "user_image": f"x.png,{image}"},
	}
	for actor in ("client_b", "guest"):
		bodies = set()
		for label, data in cases.items():
			r = actors[actor].post(method, data={"web_form": "edit-profile", "data": json.dumps(data)})
			assert r.status_code == 403, (actor, label, r.status_code, r.text[:200])
			bodies.add(r.text)
		assert len(bodies) == 1, (actor, bodies)  # the same refusal, in the actor's language
	frappe.db.rollback()
	assert frappe.db.get_value("User", a_email, "first_name") != "Pwned"
	assert not frappe.db.get_value("User", b_email, "user_image")


@pytest.mark.http
def test_bad_paths_answer_400_or_404_never_a_server_error(actors):
	paths = (
		"/%00",
		"/portal%00",
		"/portal/offers/%00x",
		"/api/method/ping%00",
		"/" + "a" * 10000,
		"/portal/" + "a" * 3000,
		"/%E0%A4%A",
		"/%ff%fe",
		"/portal/%C0%AF",
		"/%zz",
		"/p%D0%BErtal",  # Cyrillic o
		"/%EF%BD%90%EF%BD%8F%EF%BD%92%EF%BD%94%EF%BD%81%EF%BD%8C",  # fullwidth "portal"
		"/portal/..%2f..%2fapp",
		"/portal/../Quotation",
		"/login%E2%80%8B",  # zero-width space
		"/Quotation%E2%80%8B",
	)
	for actor in ACTORS:
		for path in paths:
			r = actors[actor].get(path)
			assert r.status_code in (400, 404), (actor, path, r.status_code)
			assert "Traceback" not in r.text and "Server Error" not in r.text, (actor, path)


@pytest.mark.http
def test_names_under_our_api_that_are_not_whitelisted_get_the_gates_403(actors):
	names = (
		"ralom_portal.api.offers.rules",
		"ralom_portal.api.offers",
		"ralom_portal.api",
		"ralom_portal.api.offers.frappe",
		"ralom_portal.api.offers._",
		"ralom_portal.api.no_such_module.method",
		"ralom_portal.api.offers.no_such_function",
		"ralom_portal.api..offers",
		"ralom_portal.api.offers.download_pdf.__globals__",
	)
	for actor in ("client_a", "client_b", "guest"):
		bodies = set()
		for name in names:
			r = actors[actor].get(f"/api/method/{name}")
			assert r.status_code == 403, (actor, name, r.status_code, r.text[:200])
			bodies.add(r.text)
		# The same body as any other refusal of the gate.
		bodies.add(actors[actor].get("/api/method/frappe.client.get_list", params={"doctype": "User"}).text)
		assert len(bodies) == 1, (actor, bodies)


@pytest.mark.http
def test_portal_pages_and_files_send_security_headers(actors, world):
	a = actors["client_a"]
	quotation = frappe.db.sql(
		"select name from `tabQuotation` where party_name = %s and docstatus = 1 order by name limit 1",
		world.a,
	)[0][0]
	responses = {
		"dashboard": a.get("/portal"),
		"offers": a.get("/portal/offers"),
		"offer": a.get(f"/portal/offers/{quote(quotation)}"),
		"pdf": a.get("/api/method/ralom_portal.api.offers.download_pdf", params={"name": quotation}),
		"login": actors["guest"].get("/login"),
		"not_found": a.get("/Quotation"),
	}
	assert responses["pdf"].headers["Content-Type"].startswith("application/pdf")
	for label, r in responses.items():
		h = r.headers
		assert h.get("X-Frame-Options") == "DENY", label
		assert "frame-ancestors 'none'" in h.get("Content-Security-Policy", ""), label
		assert h.get("X-Content-Type-Options") == "nosniff", label
		assert h.get("Referrer-Policy") == "same-origin", label
	assert "script-src 'self'" in responses["dashboard"].headers["Content-Security-Policy"]
