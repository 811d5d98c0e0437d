"""Every whitelisted method of `ralom_portal.api`, called as a browser calls it, over HTTP.

A method is reached through Frappe's request handling, where arguments arrive as form strings or
JSON, may be missing, and come with Frappe's own keys (`cmd`, `_`). For each method (enumerated from
the code, `tests/api_contract.py`) and each cell — no arguments, each argument missing in turn, of
the wrong type, oversized, JSON garbage, with Frappe's extra keys, and the base call as a guest, as
client B on client A's record and as a website user linked to no customer — the answer is never a
500 nor a traceback; a refusal carries a Romanian message and writes no row.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path

import frappe
import pytest

from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.portal import preferences
from ralom_portal.tests import factories
from ralom_portal.tests.api_contract import (
	CLIENT,
	GUEST,
	LONGEST_QUERY_VALUE,
	ONE_MB,
	REFUSED,
	STAFF,
	Translations,
	messages,
	portal_methods,
	section_of,
	whitelisted_functions,
)

STAFF_EMAIL = "contract.staff@ralom.ro"
UNLINKED_EMAIL = "contract.unlinked@example.ro"
# Client A's colleagues with memberships (issue 27): actor -> (e-mail, sections granted).
EVERY = ("quote_requests", "projects", "invoices", "contracts", "offers", "tickets", "shipments", "files")
MEMBERS = {
	"member without Facturi/Plăți": (
		"contract.member-finance@example.ro",
		[k for k in EVERY if k != "invoices"],
	),
	"member with only Proiecte": ("contract.member-projects@example.ro", ["projects"]),
	"member without Proiecte": (
		"contract.member-noprojects@example.ro",
		[k for k in EVERY if k != "projects"],
	),
}
PASSWORD = "Contract#Test2026"
METHODS = portal_methods()
# Tables a refused call must leave as they were: the app's own doctypes and what they touch.
WATCHED = (
	"Sales Order",
	"Quotation",
	"Contract",
	"File",
	"Communication",
	"Comment",
	"Contact",
	"User",
	"Portal User",
	"Customer",
	"ToDo",
	"Email Queue",
	"Version",
)


def test_the_contract_enumerates_every_portal_method():
	keys = {m.key for m in METHODS}
	assert {"notifications.save_preferences", "contracts.sign", "offers.accept", "files.download"} <= keys
	assert len(keys) == len(list(whitelisted_functions())) >= 39


def test_every_portal_method_takes_each_argument_as_optional():
	"""A required parameter turns a missing form field into Python's TypeError: a 500."""
	required = [
		f"{key}({p.name})"
		for key, fn in whitelisted_functions()
		for p in inspect.signature(fn).parameters.values()
		if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
	]
	assert not required, required


def test_every_portal_method_checks_its_argument_types_through_the_rate_limit():
	"""The translated type check lives in `rate_limit`'s wrapper; Frappe's own check would answer in
	English, so API modules postpone annotations (Frappe skips string annotations)."""
	unchecked = [key for key, fn in whitelisted_functions() if not getattr(fn, "ralom_rate_limit", None)]
	assert not unchecked, unchecked
	for module in {inspect.getmodule(fn) for _key, fn in whitelisted_functions()}:
		assert "from __future__ import annotations" in inspect.getsource(module), module.__name__


@pytest.fixture(scope="module")
def world(demo_data):
	"""Committed actors and client A's records (the demo data; idempotent across runs)."""
	frappe.set_user("Administrator")
	a = CLIENTS[0]["name"]
	a_user = CLIENTS[0]["users"][0]["email"]
	factories.committed_staff_user(STAFF_EMAIL, PASSWORD, roles=("System Manager", "Sales Manager"))
	# The company's staff read the desk in Romanian too.
	frappe.db.set_value("User", STAFF_EMAIL, "language", "ro")
	builders.make_portal_user(UNLINKED_EMAIL, None, first_name="Fără", last_name="Firmă", password=PASSWORD)
	for email, granted in MEMBERS.values():
		builders.make_portal_user(email, a, first_name="Membru", last_name="Contract", password=PASSWORD)
		factories.set_membership(a, email, granted)
	frappe.db.commit()
	prefs = preferences.get(a_user)
	project = frappe.db.get_value("Project", {"customer": a})
	records = {
		"Quotation": frappe.db.sql(
			"""select name from `tabQuotation` where party_name = %s and docstatus = 1 and status = 'Open'
			and ifnull(ralom_portal_decision, '') = '' order by name limit 1""",
			a,
		)[0][0],
		"Sales Invoice": frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 1}),
		"Project": project,
		"Contract": frappe.db.get_value("Contract", {"party_name": a, "docstatus": 1}),
		"contract_to_sign": frappe.db.get_value(
			"Contract", {"party_name": a, "docstatus": 0, "ralom_sent_for_signature": 1, "is_signed": 0}
		),
		"Quote Request": frappe.db.get_value("Quote Request", {"customer": a}),
		"Support Ticket": frappe.db.get_value("Support Ticket", {"customer": a}),
		# A closed ticket of A stays closed (nothing reopens it), so resolving it is refused whatever
		# the arguments: an open one would accept a call without a rating.
		"closed_ticket": frappe.db.get_value("Support Ticket", {"customer": a, "status": "Closed"}),
		"Customer Shipment": frappe.db.get_value("Customer Shipment", {"customer": a, "status": "Delivered"}),
		"File": frappe.db.get_value(
			"File", {"attached_to_doctype": "Customer", "attached_to_name": a, "ralom_portal_shared": 1}
		),
		# A validated e-Factura invoice of A (the demo seeds every e-Factura state without ANAF).
		"validated_invoice": frappe.db.get_value(
			"Sales Invoice", {"customer": a, "docstatus": 1, "ralom_efactura_status": "Validated"}
		),
		"year_start": str(frappe.utils.add_days(frappe.utils.nowdate(), -360)),
		"today": frappe.utils.nowdate(),
		"frequency": prefs["frequency"],
		"events": json.dumps(prefs["events"]),
	}
	assert all(records.values()), records
	yield frappe._dict(records=records)
	# The members are client A's only for this module: other suites count A's people.
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for email, _granted in MEMBERS.values():
		builders.unlink_portal_user(a, email)
	frappe.db.commit()


@pytest.fixture(scope="module")
def actors(server, world):
	logins = {
		CLIENT: (CLIENTS[0]["users"][0]["email"], DEMO_PASSWORD),
		"client_b": (CLIENTS[1]["users"][0]["email"], DEMO_PASSWORD),
		"unlinked": (UNLINKED_EMAIL, PASSWORD),
		STAFF: (STAFF_EMAIL, PASSWORD),
		GUEST: (None, None),
		**{actor: (email, PASSWORD) for actor, (email, _granted) in MEMBERS.items()},
	}
	clients = {}
	for key, (user, password) in logins.items():
		c = clients[key] = server.client(user, password)
		c.user = user or "Guest"
		c.headers["Accept-Language"] = "ro"
		c.open_portal()
	return clients


@pytest.fixture(scope="module")
def romanian():
	return Translations("ro")


@pytest.fixture(scope="module")
def tally():
	counts = {"cells": 0}
	yield counts
	out = Path(os.environ.get("RALOM_ARTIFACTS", "/tmp")) / "api-contract-cells.txt"
	out.parent.mkdir(parents=True, exist_ok=True)
	out.write_text(f"{counts['cells']} cells over {len(METHODS)} methods\n")


def _fingerprint(user: str) -> dict:
	"""Rows of every watched table that `user` created or last changed (count, last change), as
	committed now. Scoped to the caller, so other work on the site cannot pass for a write."""
	frappe.db.rollback()
	tables = [*WATCHED, *frappe.get_all("DocType", {"module": "Ralom Portal", "issingle": 0}, pluck="name")]
	return {
		t: tuple(
			frappe.db.sql(
				f"select count(*), max(modified) from `tab{t}` where owner = %(u)s or modified_by = %(u)s",
				{"u": user},
			)[0]
		)
		for t in tables
	}


def _cells(method, base: dict) -> list[tuple[str, dict, bool]]:
	"""(label, arguments, as_json) for every variant of the base call."""
	cells = [("no arguments", {}, False)]
	long_value = "x" * (LONGEST_QUERY_VALUE if method.http == "GET" else ONE_MB)
	for p in method.params:
		rest = {k: v for k, v in base.items() if k != p}
		cells.append((f"{p} missing", rest, False))
		cells.append((f"{p} oversized", {**rest, p: long_value}, False))
		cells.append((f"{p} JSON garbage", {**rest, p: '{"not": json'}, False))
		if method.http == "POST":
			cells.append((f"{p} of the wrong type", {**rest, p: {"unexpected": [1, 2]}}, True))
		else:
			cells.append((f"{p} of the wrong type", {**rest, p: json.dumps([1, 2])}, False))
	return cells


def _call(client, method, args: dict, as_json: bool = False):
	url = f"/api/method/{method.path}"
	if method.http == "GET":
		return client.get(url, params=args)
	if as_json:
		return client.post(url, json=args)
	return client.post(url, data=args)


@pytest.mark.parametrize("method", METHODS, ids=[m.key for m in METHODS])
def test_method_answers_bad_input_with_a_translated_refusal_and_writes_nothing(
	method, world, actors, romanian, tally
):
	row = method.row
	base = _resolve(row.base, world)
	caller = actors[row.actor]
	failures = []
	answers = {}  # label -> (status, messages) of each call

	def check(label, client, args, *, as_json=False, refused=True):
		"""refused: True (must refuse), False (must answer 200), None (either: an optional argument).
		A refusal must carry a Romanian message and leave every watched table as it was."""
		tally["cells"] += 1
		before = _fingerprint(client.user) if refused is not False else None
		frappe.cache.delete_keys("rl:")  # each cell starts within the method's rate limit
		response = _call(client, method, args, as_json)
		answers[label] = (response.status_code, messages(response))
		where = f"{method.key} [{label}] -> {response.status_code}"
		body = response.text[:2000]
		if response.status_code >= 500 or "Traceback" in body:
			failures.append(f"{where}: server error {body[:300]}")
		elif refused is False and response.status_code != 200:
			failures.append(f"{where}: expected 200, {body[:300]}")
		elif refused is True and response.status_code not in REFUSED:
			failures.append(f"{where}: expected a refusal ({sorted(REFUSED)}), {body[:300]}")
		elif response.status_code in REFUSED:
			found = messages(response)
			if not found or not all(romanian.covers(m) for m in found):
				failures.append(f"{where}: message not in Romanian: {found!r}")
			after = _fingerprint(client.user)
			if after != before:
				failures.append(
					f"{where}: a refused call wrote to {sorted(t for t in after if after[t] != before[t])}"
				)

	# A method that succeeds on its base call may also succeed without an optional argument.
	for label, args, as_json in _cells(method, base):
		if not args and not method.params and row.ok:
			continue  # nothing to leave out: that is the base call, checked below
		check(label, caller, args, as_json=as_json, refused=None if row.ok else True)
	# Frappe's own request keys, as frappe.call sends them, change nothing about the answer.
	check("with cmd and _", caller, {**base, "cmd": method.path, "_": "1767225600000"}, refused=not row.ok)
	# The same call from callers it is not meant for (a public method serves them too).
	others = {GUEST: (actors[GUEST], base), "unlinked website user": (actors["unlinked"], base)}
	public = {"unlinked website user"} if row.public else set()  # signed-in users, never guests
	if row.has_record or row.foreign:
		others["client B on A's record"] = (actors["client_b"], _resolve(row.foreign, world) or base)
	# Client A's colleagues whose membership hides the method's section are refused, reads included;
	# on A's record, with exactly client B's answer (a hidden section and another client's record are
	# one refusal).
	section = section_of(method.key) if row.actor == CLIENT else None
	for actor, (_email, granted) in MEMBERS.items():
		if section and section not in granted:
			others[actor] = (actors[actor], _resolve(row.foreign, world) or base)
	if row.actor == STAFF:
		others["client A"] = (actors[CLIENT], base)
	for label, (client, args) in others.items():
		if client is not caller:
			check(label, client, args, refused=label not in public)
	foreign = answers.get("client B on A's record")
	for actor in MEMBERS:
		if foreign and actor in answers and answers[actor] != foreign:
			failures.append(f"{method.key} [{actor}]: {answers[actor]} differs from client B's {foreign}")
	assert not failures, "\n".join(failures)


def _resolve(args: dict, world) -> dict:
	return {k: (v(world) if callable(v) else v) for k, v in args.items()}


@pytest.mark.parametrize("who", [GUEST, CLIENT])
@pytest.mark.parametrize(
	"path", ["/api/method/ralom_portal.api.notifications.save_preferences", "/api/method/login"]
)
def test_a_malformed_json_body_is_a_translated_400_that_logs_nothing(who, path, actors):
	"""Frappe parses a JSON body before any app code runs; a truncated one was a 500 and an Error Log."""
	client = actors[who]
	errors_before = frappe.db.count("Error Log")
	queued_before = frappe.cache.llen("insert_queue_for_Error Log")
	for _attempt in range(4):  # every worker of the served site, warm or not
		response = client.post(
			path, data='{"frequency": "Never", "events": [', headers={"Content-Type": "application/json"}
		)
		assert response.status_code == 400, response.text[:300]
		assert response.text == "Cererea nu a putut fi citită: conținutul ei nu este JSON valid."
		assert response.headers["X-Content-Type-Options"] == "nosniff"
	frappe.db.rollback()
	assert frappe.db.count("Error Log") == errors_before
	assert frappe.cache.llen("insert_queue_for_Error Log") == queued_before
