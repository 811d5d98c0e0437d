"""The desk's fixtures (workspace, number cards, charts) are on the site, load again without
duplicates, and every patch can run twice without changing anything the second time."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import frappe
from frappe.utils import add_days, now_datetime, nowdate
from frappe.utils.fixtures import sync_fixtures

from ralom_portal.tests.test_staff_reports import REPORTS

APP = Path(__file__).resolve().parents[1]
WORKSPACE = "Client Portal"


def _fixture(name: str) -> list[dict]:
	return json.loads((APP / "fixtures" / name).read_text())


def _sync() -> None:
	"""Frappe's own fixture loader, as install and migrate run it (it commits after each file and
	turns e-mail muting off, which the test session wants on)."""
	try:
		sync_fixtures("ralom_portal")
	finally:
		frappe.flags.mute_emails = True


def _counts() -> dict:
	cards = [c["name"] for c in _fixture("number_card.json")]
	charts = [c["name"] for c in _fixture("dashboard_chart.json")]
	counts = {
		"Workspace": frappe.db.count("Workspace", {"name": WORKSPACE}),
		"Number Card": frappe.db.count("Number Card", {"name": ("in", cards)}),
		"Dashboard Chart": frappe.db.count("Dashboard Chart", {"name": ("in", charts)}),
	}
	for child in (
		"Workspace Shortcut",
		"Workspace Link",
		"Workspace Number Card",
		"Workspace Chart",
		"Has Role",
	):
		counts[child] = frappe.db.count(child, {"parent": WORKSPACE, "parenttype": "Workspace"})
	return counts


def test_fixtures_are_on_the_site_as_exported():
	(workspace,) = _fixture("workspace.json")
	doc = frappe.get_doc("Workspace", WORKSPACE)
	assert (doc.module, doc.public) == ("Ralom Portal", 1)
	assert {r.role for r in doc.roles} == {
		"Sales User",
		"Sales Manager",
		"Support Team",
		"System Manager",
		"Accounts User",
		"Accounts Manager",
	}
	assert [c.number_card_name for c in doc.number_cards] == [c["name"] for c in _fixture("number_card.json")]
	assert [c.chart_name for c in doc.charts] == [c["name"] for c in _fixture("dashboard_chart.json")]
	assert {s.link_to for s in doc.shortcuts} == {s["link_to"] for s in workspace["shortcuts"]}
	reports = {link.link_to for link in doc.links if link.link_type == "Report"}
	assert reports == {*REPORTS, "e-Factura Deadline"}
	# Everything the workspace points to exists on the site.
	for link in [*doc.links, *doc.shortcuts]:
		kind = getattr(link, "link_type", None) or link.type
		if link.link_to:
			assert frappe.db.exists(kind, link.link_to), (kind, link.link_to)
	for report in REPORTS:
		assert frappe.db.get_value("Report", report, ["report_type", "module"]) == (
			"Script Report",
			"Ralom Portal",
		)


def test_loading_the_fixtures_twice_adds_nothing():
	before = _counts()
	assert before == {
		"Workspace": 1,
		"Number Card": 9,
		"Dashboard Chart": 2,
		"Workspace Shortcut": 8,
		"Workspace Link": 14,
		"Workspace Number Card": 9,
		"Workspace Chart": 2,
		"Has Role": 6,
	}
	_sync()
	_sync()
	assert _counts() == before


def test_migrate_restores_a_workspace_edited_or_deleted_on_the_site():
	frappe.db.set_value("Workspace", WORKSPACE, "label", "Edited by hand")
	frappe.delete_doc("Number Card", "Client Portal New Quote Requests", force=True, ignore_permissions=True)
	_sync()
	assert frappe.db.get_value("Workspace", WORKSPACE, "label") == WORKSPACE
	assert frappe.db.exists("Number Card", "Client Portal New Quote Requests")
	assert _counts()["Number Card"] == len(_fixture("number_card.json"))


def test_custom_fields_are_kept_in_code_not_in_fixtures():
	exported = {f["dt"] for f in frappe.get_hooks("fixtures", app_name="ralom_portal")}
	assert exported == {"Workspace", "Number Card", "Dashboard Chart"}
	assert not (APP / "fixtures" / "custom_field.json").exists()


# Patches ------------------------------------------------------------------------------------------


def _patches() -> list[str]:
	lines = (APP / "patches.txt").read_text().splitlines()
	return [line.split()[0] for line in lines if line.strip() and not line.startswith(("#", "["))]


def _state() -> list:
	return frappe.db.sql(
		"""select name, ralom_portal_decision, ralom_portal_decided_by, ralom_portal_decided_at, modified
		from `tabQuotation` order by name"""
	)


def _evidence(quotation: str, customer: str, user: str, decision: str, **kw) -> None:
	"""A Portal Offer Decision row written as an older version left it (no Quotation fields set)."""
	frappe.get_doc(
		{
			"doctype": "Portal Offer Decision",
			"quotation": quotation,
			"customer": customer,
			"decision": decision,
			"user": user,
			"decided_at": now_datetime(),
			**kw,
		}
	).db_insert()


def test_every_patch_runs_twice_and_the_second_run_changes_nothing(factories):
	# A quotation decided before it had decision fields: the evidence row exists, the fields are empty.
	c, u = factories.client()
	q = factories.quotation(c.name)
	_evidence(q.name, c.name, u.name, "Accepted", ip_address="203.0.113.5")
	patches = _patches()
	assert patches, "patches.txt lists no patch"
	for patch in patches:
		importlib.import_module(patch).execute()
	first = _state()
	assert frappe.db.get_value("Quotation", q.name, ["ralom_portal_decision", "ralom_portal_decided_by"]) == (
		"Accepted",
		u.name,
	)
	for patch in patches:
		importlib.import_module(patch).execute()
	assert _state() == first


def test_backfill_leaves_a_decision_already_recorded_alone(factories):
	c, u = factories.client()
	q = factories.quotation(c.name, transaction_date=add_days(nowdate(), -2))
	frappe.db.set_value("Quotation", q.name, "ralom_portal_decision", "Rejected", update_modified=False)
	_evidence(q.name, c.name, u.name, "Accepted")
	importlib.import_module("ralom_portal.patches.v1_0.backfill_quotation_portal_decision").execute()
	assert frappe.db.get_value("Quotation", q.name, "ralom_portal_decision") == "Rejected"


# A real `bench migrate`, twice, on a site that looks like the previous version ----------------------


def _migrate() -> None:
	"""`bench --site SITE migrate`, as bench runs it (Frappe's bench helper, the bench's Python)."""
	import subprocess

	from ralom_portal.tests.conftest import BENCH_DIR, SITE

	# End this session's transaction so it holds no table lock the migrate's ALTERs would wait for.
	frappe.db.commit()
	frappe.db.rollback()
	done = subprocess.run(
		[str(BENCH_DIR / "env/bin/python"), "-m", "frappe.utils.bench_helper", "frappe"]
		+ ["--site", SITE, "migrate", "--skip-search-index"],
		cwd=BENCH_DIR / "sites",
		capture_output=True,
		text=True,
		timeout=240,
	)
	assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def _decision_fields(quotation: str):
	return frappe.db.get_value(
		"Quotation",
		quotation,
		["ralom_portal_decision", "ralom_portal_decided_by", "ralom_portal_decided_at"],
	)


def test_bench_migrate_twice_updates_a_previous_version_without_duplicates(demo_data):
	patch = "ralom_portal.patches.v1_0.backfill_quotation_portal_decision"
	quotation = frappe.db.get_value("Portal Offer Decision", {}, "quotation", order_by="decided_at desc")
	assert quotation, "the demo has portal decisions"
	expected = _decision_fields(quotation)
	before = _counts()
	# The previous version: no decision on the quotation, the patch never ran, a card missing and
	# the workspace as a user left it.
	frappe.db.set_value("Quotation", quotation, "ralom_portal_decision", None, update_modified=False)
	frappe.db.delete("Patch Log", {"patch": patch})
	frappe.delete_doc("Number Card", "Client Portal New Quote Requests", force=True, ignore_permissions=True)
	frappe.db.set_value("Workspace", WORKSPACE, "label", "Old label")

	_migrate()
	frappe.db.rollback()
	assert _counts() == before
	assert frappe.db.get_value("Workspace", WORKSPACE, "label") == WORKSPACE
	assert frappe.db.count("Patch Log", {"patch": patch}) == 1
	assert _decision_fields(quotation) == expected

	_migrate()
	frappe.db.rollback()
	assert _counts() == before
	assert frappe.db.count("Patch Log", {"patch": patch}) == 1
	assert _decision_fields(quotation) == expected


# Romanian -----------------------------------------------------------------------------------------


def _desk_labels() -> set[str]:
	import re

	(workspace,) = _fixture("workspace.json")
	labels = {workspace["label"]}
	labels |= {c["label"] for c in _fixture("number_card.json")}
	labels |= {c["label"] for c in workspace["charts"]} | {c["label"] for c in workspace["number_cards"]}
	labels |= {s["label"] for s in workspace["shortcuts"]} | {
		s["format"] for s in workspace["shortcuts"] if s["format"]
	}
	labels |= {link["label"] for link in workspace["links"]}
	for block in json.loads(workspace["content"]):
		if block["type"] == "header":
			labels.add(re.sub(r"<[^>]+>", "", block["data"]["text"]).replace("&amp;", "&"))
	for report in REPORTS:
		labels.add(report)
		module = importlib.import_module(
			f"ralom_portal.ralom_portal.report.{frappe.scrub(report)}.{frappe.scrub(report)}"
		)
		labels |= {c["label"] for c in module.columns()}
		js = (
			APP / "ralom_portal" / "report" / frappe.scrub(report) / f"{frappe.scrub(report)}.js"
		).read_text()
		labels |= set(re.findall(r'__\("([^"]+)"', js))
	return labels


def test_every_desk_label_has_a_romanian_translation():
	from frappe.translate import get_all_translations

	translations = get_all_translations("ro")
	missing = sorted(label for label in _desk_labels() if not translations.get(label))
	assert missing == []
