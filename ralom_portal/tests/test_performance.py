"""Speed without changing what is served: compiled templates reused across requests (and recompiled
when their source changes), route resolution equal to Frappe's, light pages, and the scale data's
guard and rows."""

from __future__ import annotations

import re

import frappe
import pytest
from frappe.utils import getdate

from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.portal import rendering

MAX_HTML = 60 * 1024
MAX_PORTAL_PAGE = 35 * 1024  # README: "a portal page is 15-35 kB of HTML"


def _fresh_env():
	frappe.local.jenv = None
	return frappe.get_jenv()


def test_a_template_compiles_once_across_request_environments():
	cache = rendering.CompiledTemplates()
	source = "{{ 'x' | upper }}-{{ value }}-" + frappe.generate_hash()
	first = _fresh_env()
	rendering.install(first, cache)
	assert first.from_string(source).render(value=1).startswith("X-1-")
	second = _fresh_env()
	assert second is not first
	rendering.install(second, cache)
	assert second.from_string(source).render(value=2).startswith("X-2-")
	assert (cache.misses, cache.hits) == (1, 1)


def test_an_edited_template_is_compiled_again():
	cache = rendering.CompiledTemplates()
	env = _fresh_env()
	rendering.install(env, cache)
	assert env.from_string("A{{ 1 }}").render() == "A1"
	assert env.from_string("B{{ 1 }}").render() == "B1"
	assert cache.misses == 2 and cache.hits == 0


def test_request_globals_are_never_shared_through_the_cache():
	cache = rendering.CompiledTemplates()
	source = "{{ frappe.session.user }}"
	env = _fresh_env()
	rendering.install(env, cache)
	assert env.from_string(source).render() == frappe.session.user
	frappe.set_user("Guest")
	try:
		env = frappe.get_jenv()
		rendering.install(env, cache)
		assert env.from_string(source).render() == "Guest"
	finally:
		frappe.set_user("Administrator")
	assert cache.hits == 1


def test_a_changed_filter_set_does_not_reuse_code_compiled_without_it():
	cache = rendering.CompiledTemplates()
	env = _fresh_env()
	rendering.install(env, cache)
	env.from_string("{{ 1 }}")
	other = _fresh_env()
	other.filters["ralom_test_only"] = lambda v: v
	rendering.install(other, cache)
	other.from_string("{{ 1 }}")
	assert cache.misses == 2


def test_the_cache_is_bounded():
	cache = rendering.CompiledTemplates(size=3)
	env = _fresh_env()
	rendering.install(env, cache)
	for i in range(10):
		env.from_string(f"{{{{ {i} }}}}")
	assert len(cache) == 3


@pytest.mark.parametrize(
	"path",
	["portal", "portal/offers", "portal/offers/SAL-QTN-1", "portal/tickets/new", "me", "login", "nope/x", ""],
)
def test_route_resolution_matches_frappes(path):
	from frappe.website.path_resolver import resolve_path
	from werkzeug.test import EnvironBuilder

	frappe.local.request = frappe._dict(environ=EnvironBuilder(path="/" + path).get_environ())
	try:
		frappe.local.form_dict = frappe._dict()
		ours = rendering.resolve(path)
		our_args = dict(frappe.local.form_dict)
		frappe.local.form_dict = frappe._dict()
		theirs = resolve_path(path)
		assert (ours, our_args) == (theirs, dict(frappe.local.form_dict))
	finally:
		del frappe.local.request


def test_portal_icons_are_the_few_symbols_not_the_sprite():
	svg = str(rendering.portal_icons())
	ids = set(re.findall(r'<symbol[^>]*\bid="([^"]+)"', svg))
	assert ids == set(rendering.ICONS)
	assert len(svg) < 8 * 1024


def test_scale_data_is_refused_on_a_production_site(monkeypatch):
	from ralom_portal.demo import scale

	for key in ("developer_mode", "allow_tests", "ralom_test_site"):
		monkeypatch.setitem(frappe.local.conf, key, 0)
	assert not scale.is_disposable_site()
	monkeypatch.setitem(frappe.local.conf, "allow_tests", 1)
	assert scale.is_disposable_site()


def test_scale_rows_make_a_listed_paid_invoice_and_a_task_plan():
	from ralom_portal.demo import scale
	from ralom_portal.tests import factories

	customer = factories.customer()
	rng = scale.random.Random(1)
	ctx = scale._context()
	tag = frappe.generate_hash(length=6)
	docs = scale.rows.invoice_and_payment(ctx, tag, 0, customer.name, rng, 20)
	docs += scale.rows.project(ctx, tag, 0, customer.name)
	written = scale._bulk(docs)
	assert written["Sales Invoice"] == 1 and written["Payment Entry"] == 1 and written["Task"] == scale.TASKS
	from ralom_portal.portal.queries import invoices

	listed = invoices.invoice_list((customer.name,))
	assert [r.name for r in listed["invoices"]] == [f"SCL-SINV-{tag}-00000"]
	assert listed["invoices"][0].portal_status == "Paid"


def test_scale_users_are_created_enabled_and_a_top_up_enables_those_an_earlier_run_disabled():
	from ralom_portal.demo import scale

	n = 9000 + int(frappe.generate_hash(length=3), 16) % 999  # beyond the command's 5,000 customers
	scale.add_customer(scale._context(), n)
	email = scale.user_email(n)
	assert frappe.db.get_value("User", email, ["enabled", "user_type"]) == (1, "Website User")
	frappe.db.set_value("User", email, "enabled", 0)  # what the import flag used to leave
	scale._enable_scale_users()
	assert frappe.db.get_value("User", email, "enabled") == 1


# Over HTTP -----------------------------------------------------------------------------------------

PAGES = ["/portal", "/portal/offers", "/portal/invoices", "/portal/projects", "/portal/files"]


@pytest.mark.http
def test_portal_pages_are_light_and_carry_no_icon_sprite(server, demo_data):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	for page in PAGES:
		r = c.get(page)
		assert r.status_code == 200, page
		assert len(r.content) < MAX_HTML, (page, len(r.content))
		assert 'id="frappe-symbols"' not in r.text and "icon-dashboard" not in r.text, page
		assert 'id="icon-close-alt"' in r.text, page
		assert "frappe-web.bundle" in r.text and "portal.bundle" in r.text, page


@pytest.mark.http
def test_the_guest_pages_weigh_what_a_portal_page_weighs(server):
	# A client's first pages: Frappe's base inlined ~300 kB of icon sprites (login 346 kB). The guest
	# base keeps the navbar and footer and only the icons these pages draw. What remains above the
	# portal's lightest pages is the pages' own: Frappe's inline login script (11 kB), the country list.
	guest = server.client()
	guest.cookies.set("preferred_language", "ro")
	pages = {
		"/login": (200, ("es-line-email", "es-line-lock")),
		"/portal/register": (200, ()),
		"/portal/accept-invitation?token=no-such-token": (410, ()),
		"/update-password?key=no-such-key": (200, ()),
	}
	for page, (status, drawn) in pages.items():
		r = guest.get(page)
		assert r.status_code == status, page
		assert len(r.content) <= MAX_PORTAL_PAGE, (page, len(r.content))
		assert 'id="frappe-symbols"' not in r.text and "icon-dashboard" not in r.text, page
		for icon in ("icon-menu", "icon-close-alt", *drawn):  # the navbar's, the alerts', the form's
			assert f'id="{icon}"' in r.text, (page, icon)
		assert 'class="navbar' in r.text and "web-footer" in r.text, page


@pytest.mark.http
def test_detail_routes_still_reach_their_pages(server, demo_data):
	c = server.client(CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD)
	offer = frappe.get_all("Quotation", {"party_name": CLIENTS[0]["name"], "docstatus": 1}, pluck="name")[0]
	r = c.get(f"/portal/offers/{offer}")
	assert r.status_code == 200 and offer in r.text
	assert c.get("/portal/offers/NO-SUCH-OFFER").status_code == 403
	assert c.get("/portal/no-such-page").status_code == 404


@pytest.mark.http
def test_a_scale_user_signs_in_and_sees_their_dashboard(server):
	from ralom_portal.demo import scale

	email = scale.user_email(1)
	if frappe.db.exists("User", email):  # a rerun: leave the user as earlier versions did, for the top-up
		frappe.db.set_value("User", email, "enabled", 0)
	scale.build(1, big=False)  # commits: customer 1 and its documents, without the 3,000-invoice one
	c = server.client(email, scale.PASSWORD)
	r = c.get("/portal")
	assert r.status_code == 200
	assert scale.customer_name(1) in r.text
	unpaid = frappe.get_all(
		"Sales Invoice", {"customer": scale.customer_name(1), "outstanding_amount": (">", 0)}, pluck="name"
	)
	assert unpaid and any(name in r.text for name in unpaid)  # the action centre lists its own invoices


# Indexes -------------------------------------------------------------------------------------------


def _captured(fn) -> list[tuple[str, object]]:
	calls, real = [], frappe.db.sql

	def capture(query, values=(), *args, **kwargs):
		calls.append((query, values))
		return real(query, values, *args, **kwargs)

	frappe.db.sql = capture
	try:
		fn()
	finally:
		frappe.db.sql = real
	return calls


def _keys(query, values, alias) -> set[str | None]:
	plan = frappe.db.sql("explain " + query, values, as_dict=True)
	return {row.key for row in plan if row.table == alias}


def test_list_indexes_exist():
	from ralom_portal.setup import indexes

	for doctype, _columns, name in indexes.INDEXES:
		assert frappe.db.has_index(f"tab{doctype}", name), (doctype, name)
	assert indexes.ensure() == []  # idempotent: nothing left to add


def test_the_invoice_list_reads_one_clients_rows_through_the_customer_date_index():
	from ralom_portal.portal.queries import invoices
	from ralom_portal.tests import factories

	ours, other = factories.customer(), factories.customer()
	factories.list_only_invoices(other.name, 400)
	factories.list_only_invoices(ours.name, 30)
	calls = _captured(lambda: invoices.invoice_list((ours.name,), page=1, page_size=25))
	page = next((q, v) for q, v in calls if "limit %(limit)s" in q)
	assert _keys(*page, "si") == {"ralom_customer_posting_date"}


def test_an_offers_amendments_are_found_through_an_index_not_a_scan_per_offer():
	from ralom_portal.demo import scale
	from ralom_portal.portal.queries import offers
	from ralom_portal.tests import factories

	other, ctx, rng = factories.customer().name, scale._context(), scale.random.Random(1)
	tag = frappe.generate_hash(length=6)
	scale._bulk([scale.rows.quotation(ctx, tag, i, other, rng) for i in range(400)])
	calls = _captured(lambda: offers.counts((CLIENTS[0]["name"],)))
	query, values = calls[0]
	assert _keys(query, values, "nxt") == {"ralom_amended_from"}


@pytest.fixture
def committed_rows():
	"""(docs, customers) a test writes in bulk before `analyze table`, which MariaDB commits
	implicitly: deleted again after the test (rows, child rows, customers and their summaries), so
	neither the later tests of the run nor the next run see them."""
	from collections import defaultdict

	from ralom_portal import summaries

	docs, customers = [], []
	yield docs, customers
	frappe.db.rollback()
	names = defaultdict(set)
	for doc in docs:
		for d in [doc, *doc.get_all_children()]:
			names[d.doctype].add(d.name)
	for doctype, batch in names.items():
		frappe.db.delete(doctype, {"name": ("in", sorted(batch))})
	for customer in customers:
		frappe.db.delete("GL Entry", {"party_type": "Customer", "party": customer})
		frappe.db.delete("Payment Ledger Entry", {"party_type": "Customer", "party": customer})
		frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
		summaries.refresh(customer)
	frappe.db.commit()


def test_the_file_library_reads_files_through_their_records_not_a_scan_of_every_file(committed_rows):
	# The File rule is an OR of one branch per record kind; MariaDB answers an OR like that by reading
	# every file of the site. The library lists the branches as a UNION ALL, each through File's
	# (attached_to_doctype, attached_to_name) index, so the page grows with the client's files only.
	from ralom_portal.demo import scale
	from ralom_portal.portal.queries import files

	tag = frappe.generate_hash(length=6)
	kinds = ("Sales Invoice", "Quotation", "Project", "Customer")
	others = []
	for i in range(400):
		row = scale.rows.file(tag, i, f"OTHER-{tag}-{i}")
		row.attached_to_doctype = kinds[i % len(kinds)]
		others.append(row)
	scale._bulk(others)
	committed_rows[0].extend(others)
	frappe.db.sql("analyze table `tabFile`")
	calls = _captured(lambda: files.library((CLIENTS[0]["name"],), files.clean_filters({})))
	assert len(calls) == 2  # the kinds of record with files (summaries/file_kinds.py), the page
	query, values = calls[1]
	plan = frappe.db.sql("explain " + query, values, as_dict=True)
	reads = [row for row in plan if row.table == "tabFile"]
	assert len(reads) == _branches_read((CLIENTS[0]["name"],))
	assert {row.key for row in reads} == {"attached_to_doctype_attached_to_name_index"}, plan


def _branches_read(customers) -> int:
	"""The File rule's branches the library reads: all but the invoices, payments and offers of a
	client with no files on them (summaries/file_kinds.py)."""
	from ralom_portal.access import rules
	from ralom_portal.summaries import file_kinds

	skipped = set(file_kinds.TRACKED) - file_kinds.with_files(customers)
	return len(rules.file_branches(customers)) - len(skipped)


def test_the_file_library_starts_from_the_clients_records_when_they_outnumber_the_sites_files(
	committed_rows,
):
	# A client with more invoices than the site has invoice files: MariaDB preferred reading every
	# invoice file of the site and checking its invoice (the page then grew with the site's File
	# rows). The library starts from the client's records and looks their files up by index.
	from ralom_portal import summaries
	from ralom_portal.access import rules
	from ralom_portal.demo import scale
	from ralom_portal.portal.queries import files
	from ralom_portal.tests import factories

	customer = factories.customer().name
	ctx, rng, tag = scale._context(), scale.random.Random(1), frappe.generate_hash(length=6)
	docs = []
	for i in range(300):
		docs.extend(scale.rows.invoice_and_payment(ctx, tag, i, customer, rng, 300))
	docs.extend(scale.rows.file(tag, i, f"SCL-SINV-{tag}-{i:05d}") for i in range(3))
	scale._bulk(docs)
	committed_rows[0].extend(docs)
	committed_rows[1].append(customer)
	summaries.refresh(customer)  # bulk rows skip the events that keep the summaries (as scale.py does)
	frappe.db.sql("analyze table `tabFile`")
	frappe.db.sql("analyze table `tabSales Invoice`")
	calls = _captured(lambda: files.library((customer,), files.clean_filters({})))
	listed = files.library((customer,), files.clean_filters({}))
	assert listed["total"] == 3
	for query, values in calls[1:]:
		plan = frappe.db.sql("explain " + query, values, as_dict=True)
		reads = [row for row in plan if row.table == "tabFile"]
		# Its payments and offers have no files: not read (summaries/file_kinds.py).
		assert len(reads) == len(rules.file_branches((customer,))) - 2 == _branches_read((customer,))
		# Looked up by doctype and record name (ref "const,<record>.name"), not read by doctype alone.
		assert all(row.type == "ref" and "," in (row.ref or "") for row in reads), plan
		assert {row.key for row in reads} == {"attached_to_doctype_attached_to_name_index"}, plan


def test_a_clients_totals_and_balances_read_covering_indexes_however_large_its_share(committed_rows):
	# The lists' totals and the ledger balances add up every row of a client. When the client held a
	# large share of the table, MariaDB read the whole table instead (the page cost what the site
	# had); the covering indexes hold every column these sums read, so only the client's entries are.
	from ralom_portal.demo import scale
	from ralom_portal.portal.queries import invoices, payments
	from ralom_portal.portal.queries import statement as st
	from ralom_portal.tests import factories

	customer = factories.customer().name
	ctx, rng, tag = scale._context(), scale.random.Random(1), frappe.generate_hash(length=6)
	docs = []
	for i in range(400):
		docs.extend(scale.rows.invoice_and_payment(ctx, tag, i, customer, rng, 400))
	scale._bulk(docs)
	committed_rows[0].extend(docs)
	committed_rows[1].append(customer)
	for table in ("Sales Invoice", "Payment Entry", "GL Entry"):
		frappe.db.sql(f"analyze table `tab{table}`")
	customers = (customer,)
	# The invoice and payment lists add every row up only when filtered (any date here); unfiltered,
	# they read the maintained summaries and the open items (below).
	since = getdate("1900-01-01")
	reads = {
		"ralom_customer_totals": _captured(lambda: invoices.invoice_list(customers, start=since))[0],
		"ralom_party_totals": _captured(lambda: payments.payment_list(customers, start=since))[0],
		"ralom_party_balance": next(
			(q, v)
			for q, v in _captured(lambda: st.balances(customers, *st.default_period()))
			if "tabGL Entry" in q
		),
	}
	for index, (query, values) in reads.items():
		plan = frappe.db.sql("explain " + query, values, as_dict=True)
		main = [row for row in plan if row.key == index]
		# "Using index" alone (not "Using index condition"): the index's entries answer, no row is read.
		index_only = [
			"Using index" in [part.strip() for part in (row.Extra or "").split(";")] for row in main
		]
		assert main and all(index_only), (index, plan)
	# Summarized, the unfiltered list reads what is still owed from the open invoices only: a range of
	# the (customer, outstanding_amount) index, not the client's 400 entries.
	from ralom_portal import summaries

	summaries.refresh(customer)
	query, values = _captured(lambda: invoices.invoice_list(customers))[1]
	plan = frappe.db.sql("explain " + query, values, as_dict=True)
	invoices_read = [row for row in plan if row.table == "si"]
	assert [(row.key, row.type) for row in invoices_read] == [("ralom_customer_outstanding", "range")], plan
	# ... and what is not yet allocated from the payments not fully allocated.
	query, values = _captured(lambda: payments.payment_list(customers))[1]
	plan = frappe.db.sql("explain " + query, values, as_dict=True)
	payments_read = [row for row in plan if row.table == "pe"]
	assert [(row.key, row.type) for row in payments_read] == [("ralom_party_unallocated", "range")], plan
