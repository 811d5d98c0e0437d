"""The section registry (`ralom_portal/sections.py`) is the one list of sections, and everything that
knows a section reads it: routes, sidebar, permission hooks, action centre, bell, ticket references,
file labels and links."""

from pathlib import Path

import frappe
from frappe.translate import get_all_translations

from ralom_portal import sections
from ralom_portal.access import doctypes, rules
from ralom_portal.portal.queries import actions, files
from ralom_portal.ralom_portal.doctype.support_ticket.conversation import reference_doctypes
from ralom_portal.utils import preferences
from ralom_portal.utils.mail import in_language

WWW = Path(__file__).resolve().parents[1] / "www"


def test_every_route_rule_of_frappe_comes_from_the_registry():
	ours = [r for r in frappe.get_hooks("website_route_rules") if r["from_route"].startswith("/portal")]
	assert ours == sections.website_route_rules()
	# "new" is matched before "<name>" (Frappe takes the first rule that matches).
	froms = [r["from_route"] for r in ours]
	assert froms.index("/portal/tickets/new") < froms.index("/portal/tickets/<name>")
	assert froms.index("/portal/quote-requests/new") < froms.index("/portal/quote-requests/<name>")


def test_every_page_the_registry_names_has_a_template():
	for s in sections.SECTIONS:
		route = s["route"].removeprefix("/")
		assert (WWW / f"{route}.html").exists() or (WWW / route / "index.html").exists(), s["key"]
		for template in [s.get("detail"), *s.get("fixed", {}).values()]:
			if template:
				assert (WWW / f"{template}.html").exists(), (s["key"], template)


def test_each_portal_doctype_belongs_to_exactly_one_section_and_has_a_rule():
	listed = [dt for s in sections.SECTIONS for dt in s["doctypes"]]
	assert len(listed) == len(set(listed))
	assert set(doctypes.names()) == set(listed) == set(rules.RULES)


def test_record_routes_follow_the_detail_pages():
	assert sections.record_route("Quotation", "SAL-QTN-1") == "/portal/offers/SAL-QTN-1"
	assert sections.record_route("Sales Invoice", "ACC-SINV-1") == "/portal/invoices/ACC-SINV-1"
	assert sections.record_route("Support Ticket", "T-1") == "/portal/tickets/T-1"
	# A task opens its project; without a project it opens nothing.
	assert sections.record_route("Task", "TASK-1", {"project": "PROJ-1"}) == "/portal/projects/PROJ-1"
	assert sections.record_route("Task", "TASK-1", {"project": None}) is None
	# Records without a page of their own, and doctypes the portal does not show.
	assert sections.record_route("Payment Entry", "ACC-PAY-1") is None
	assert sections.record_route("Sales Order", "SO-1") is None
	assert sections.record_route("Quotation", None) is None


def test_action_centre_bell_and_references_are_the_registry_rows():
	kinds = [s["action"]["kind"] for s in sections.actions()]
	assert len(kinds) == len(set(kinds))
	for s in sections.actions():
		assert callable(frappe.get_attr(s["action"]["pending"])), s["key"]
	for s in sections.bells():
		assert callable(frappe.get_attr(s["bell"]["events"])), s["key"]
	assert preferences.EVENTS == tuple(s["bell"]["kind"] for s in sections.bells())
	assert preferences.EVENTS == ("offer", "invoice", "shipment", "reply", "file")
	assert reference_doctypes() == sections.references()
	assert set(sections.references()) <= set(doctypes.names())
	assert (
		files.record_label("Quotation") == "Offer" and files.record_label("Customer") == files.COMPANY_LABEL
	)


def _registry_strings() -> list[tuple[str, str | None]]:
	found = [(s["title"], "Portal section") for s in sections.SECTIONS]
	for entry in doctypes.PORTAL_DOCTYPES.values():
		if entry.get("label"):
			found.append((entry["label"], None))
	for s in sections.actions():
		found.append((s["action"]["title"], None))
		found += [(text, None) for text, _args in s["action"]["reasons"].values()]
	for s in sections.bells():
		found.append((s["bell"]["label"], None))
		found += [(text, None) for text in s["bell"]["text"].values()]
	return found


def test_every_string_of_the_registry_reads_in_romanian():
	# The registry is plain data, so Frappe's extraction does not see these strings: checked here.
	translations = get_all_translations("ro")
	missing = [
		(text, context)
		for text, context in _registry_strings()
		if (f"{text}:{context}" if context else text) not in translations
	]
	assert missing == []


def test_action_reasons_read_like_the_portal_writes_them():
	_section, invoice = sections.action_of("invoice")
	_section, offer = sections.action_of("offer")
	_section, milestone = sections.action_of("milestone")
	row = frappe._dict(amount=1234.5, currency="RON", days=-25, due="2026-11-01")
	with in_language("ro"):
		assert actions.reason(invoice, row).endswith(", restantă de 25 de zile")
		assert actions.reason(offer, frappe._dict(days=None)) == "așteaptă decizia dvs."
		assert actions.reason(offer, frappe._dict(days=1)) == "decideți până mâine"
		assert actions.reason(offer, frappe._dict(days=20)) == "decideți în 20 de zile"
		assert actions.reason(milestone, frappe._dict(days=3, due="2026-12-10")) == "termen 10.12.2026"
	with in_language("en"):
		assert actions.reason(invoice, frappe._dict(row, days=0)).endswith(" due today")
		assert actions.reason(milestone, frappe._dict(days=3, due="2026-12-10")) == "deadline 10 Dec 2026"
