"""Website routes for clients and guests, over HTTP: only what the portal means to show.

The matrix below tries every spelling (`tests/route_world.py`), for every doctype a client could
be curious about, with client A's record, client B's record and a missing name, as client A,
client B, a website user linked to no customer, and a guest. Each cell must answer the actor's one
404 page, byte for byte, and name no record. The pages clients are meant to reach, the profile form
and the rest of the site: `test_isolation_website_http.py`.

One request loop per actor collects failures (thousands of pytest items would be slow); the actors'
loops run side by side.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import frappe
import pytest

from ralom_portal.demo.dataset import CLIENTS
from ralom_portal.tests import http_actors, route_world
from ralom_portal.tests.route_world import (
	ACTORS,
	ERPNEXT_PAGES,
	MARK,
	MATRIX_DOCTYPES,
	MISSING,
	canonical_404,
	doctype_paths,
	record_paths,
)


@pytest.fixture(scope="module")
def world(demo_data):
	return route_world.build()


@pytest.fixture(scope="module")
def actors(server, world):
	return http_actors.log_in(server, (*ACTORS, "staff_sales_user"))


# Spellings the matrix produces that are meant to answer: Frappe's "Contact Us" page (staff-written
# web content, no records) and ERPNext's /project, which the portal redirects to /portal/projects.
OPEN_BY_DESIGN = {"/contact": (200,), "/project": (301, 302)}


def matrix_paths(world) -> list[str]:
	paths = list(ERPNEXT_PAGES)
	for doctype in MATRIX_DOCTYPES:
		paths += doctype_paths(doctype)
		names = {world.records["a"][doctype], world.records["b"][doctype], MISSING}
		for name in sorted(n for n in names if n):
			paths += record_paths(doctype, name)
	# Spellings collapse (e.g. the same ERPNext page for several doctypes): count each path once.
	return [p for p in dict.fromkeys(paths) if p not in OPEN_BY_DESIGN]


@pytest.mark.http
def test_website_route_matrix_answers_one_404_for_every_spelling(actors, world):
	"""Every cell: status 404, the actor's one 404 body, no record name, no traceback."""
	import time
	from concurrent.futures import ThreadPoolExecutor

	paths = matrix_paths(world)
	expected = {actor: canonical_404(actors[actor]) for actor in ACTORS}
	for actor in ACTORS:
		assert not any(name in expected[actor] for name in world.names), actor

	def walk(actor: str) -> list[tuple]:
		"""One actor's row of the matrix, in its own session and thread: the actors' requests overlap
		(the served site has 2 workers x 2 threads), so the matrix takes about half the time."""
		client, failures = actors[actor], []
		for path in paths:
			r = client.get(path)
			if r.status_code != 404 or r.text != expected[actor]:
				failures.append((actor, path, r.status_code, r.text[:120]))
		for path, statuses in OPEN_BY_DESIGN.items():
			r = client.get(path)
			if r.status_code not in statuses or any(name in r.text for name in world.names):
				failures.append((actor, path, r.status_code, "open by design, but"))
		return failures

	started = time.monotonic()
	with ThreadPoolExecutor(len(ACTORS)) as pool:
		failures = [f for row in pool.map(walk, ACTORS) for f in row]
	cells = len(paths) * len(ACTORS)
	elapsed = time.monotonic() - started
	print(
		f"website route matrix: {cells} cells ({len(paths)} paths x {len(ACTORS)} actors) in {elapsed:.0f} s"
	)
	assert not failures, f"{len(failures)} of {cells} cells failed, e.g. {failures[:15]}"


@pytest.mark.http
def test_same_404_for_own_foreign_and_missing_records(actors, world):
	"""The crux of the matrix, spelled out: A's record, B's record and a missing one are alike."""
	for actor in ACTORS:
		client = actors[actor]
		for doctype in ("Customer", "Quote Request", "Project", "Sales Order"):
			bodies = {}
			for label, name in (
				("a", world.records["a"][doctype]),
				("b", world.records["b"][doctype]),
				("x", MISSING),
			):
				if not name:
					continue
				r = client.get(f"/{quote(doctype)}/{quote(name, safe='')}")
				bodies[label] = (r.status_code, r.text)
			assert len(set(bodies.values())) == 1, (actor, doctype, {k: v[0] for k, v in bodies.items()})


@pytest.mark.http
def test_desk_users_still_get_print_and_list_pages(actors, world):
	staff = actors["staff_sales_user"]
	quotation = world.records["a"]["Quotation"]
	r = staff.get("/printview", params={"doctype": "Quotation", "name": quotation})
	assert r.status_code == 200, r.status_code
	assert quotation in r.text


@pytest.mark.http
def test_own_project_is_never_rendered_with_costing_or_notes(actors, world):
	"""Client A's own Project, through every route: no internal notes, no costing figure."""
	project = world.records["a"]["Project"]
	note, cost = "RALOM-INTERNAL-NOTE-7731", 987654.32
	before = frappe.db.get_value("Project", project, ["notes", "estimated_costing"], as_dict=True)
	frappe.db.set_value("Project", project, {"notes": f"<p>{note}</p>", "estimated_costing": cost})
	frappe.db.commit()
	try:
		a = actors["client_a"]
		paths = doctype_paths("Project") + record_paths("Project", project)
		paths += [
			"/portal",
			"/portal/projects",
			f"/portal/projects/{quote(project)}",
			f"/api/method/ralom_portal.api.projects.gantt?project={quote(project)}",
		]
		leaks = []
		for path in paths:
			r = a.get(path)
			if note in r.text or re.search(r"987[.,\s]?654", r.text):
				leaks.append((path, r.status_code))
		assert not leaks, leaks
		assert a.get(f"/portal/projects/{quote(project)}").status_code == 200
	finally:
		frappe.db.set_value("Project", project, dict(before))
		frappe.db.commit()


@pytest.mark.http
def test_desk_share_or_assignment_never_widens_what_a_client_sees(actors, world):
	"""Staff share client A's offer with client B's user and assign it to them: B still sees nothing."""
	b_email = CLIENTS[1]["users"][0]["email"]
	quotation = world.records["a"]["Quotation"]
	frappe.share.add_docshare(
		"Quotation", quotation, b_email, read=1, write=1, flags={"ignore_share_permission": True}
	)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": b_email,
			"reference_type": "Quotation",
			"reference_name": quotation,
			"description": MARK,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	try:
		b = actors["client_b"]
		expected = canonical_404(b)
		for path in record_paths("Quotation", quotation) + doctype_paths("Quotation"):
			r = b.get(path)
			assert (r.status_code, r.text) == (404, expected), (path, r.status_code)
		assert b.get(f"/portal/offers/{quote(quotation)}").status_code == 403
		r = b.get("/portal/offers")
		assert quotation not in r.text
		for path in (f"/api/resource/Quotation/{quotation}", "/api/method/frappe.desk.form.load.getdoc"):
			assert b.get(path, params={"doctype": "Quotation", "name": quotation}).status_code == 403
		r = b.get("/api/method/ralom_portal.api.offers.download_pdf", params={"name": quotation})
		assert r.status_code == 403
	finally:
		frappe.db.delete("DocShare", {"share_doctype": "Quotation", "share_name": quotation, "user": b_email})
		frappe.db.delete("ToDo", {"reference_name": quotation, "allocated_to": b_email})
		frappe.db.commit()
