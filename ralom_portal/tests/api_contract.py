"""The HTTP contract of every whitelisted method under `ralom_portal.api`: who calls it, with what.

`portal_methods()` enumerates the methods from the code, so a new method joins the contract test
by itself; `ROWS` says, for the methods that need it, who the intended caller is and a *base call*:
arguments that reach the method's own validation (a record of client A where one is needed) but
that it refuses, so that every variant of it (an argument missing, of the wrong type, oversized,
garbage) must be refused too and change nothing. Methods whose base call is harmless and succeeds
(reads, PDFs, preferences set to what they are) say so with `ok=True`: called with Frappe's own
extra arguments (`cmd`, `_`) they must still answer 200.

A method without a row is called as client A with every argument set to a plain string.
"""

from __future__ import annotations

import html
import importlib
import inspect
import json
import pkgutil
import re
from dataclasses import dataclass, field

import frappe

from ralom_portal.demo.dataset import CLIENTS

CLIENT, STAFF, GUEST = "client", "staff", "guest"
# What a refusal may answer: bad request, not permitted / not found (one answer for foreign and
# missing records), a validation error. Never 500, never 429 (the test resets the rate limits).
REFUSED = frozenset({400, 403, 404, 409, 417})
ONE_MB = 1_000_000
# gunicorn refuses a request line over 4 KB itself: a GET argument can only be this long.
LONGEST_QUERY_VALUE = 3_000


@dataclass(frozen=True)
class Row:
	actor: str = CLIENT
	base: dict = field(default_factory=dict)  # name -> value, or callable(world) -> value
	ok: bool = False  # the base call succeeds (and is harmless)
	public: bool = False  # open to every signed-in user: a website user linked to no customer too
	has_record: bool = False  # the base call names a record of client A: client B calls it too
	# Where the base names no real record (a real one could be changed by a variant that happens
	# to be valid), client B calls this instead, on A's record: refused before anything is read.
	foreign: dict = field(default_factory=dict)


# The section of the registry each API module serves (its module name, where that is a section key);
# a member whose membership hides it must get exactly what client B gets on client A's record.
SECTION_OF_MODULE = {"efactura": "invoices"}


def section_of(method_key: str) -> str | None:
	from ralom_portal import sections

	module = method_key.partition(".")[0]
	section = SECTION_OF_MODULE.get(module, module)
	return section if section in sections.BY_KEY and section != "dashboard" else None


def _a(key):
	return lambda world: world.records[key]


def _customer_a(world):
	return frappe.db.get_value("Sales Invoice", world.records["Sales Invoice"], "customer")


ROWS: dict[str, Row] = {
	# Reads and harmless writes: the base call succeeds.
	"notifications.recent": Row(ok=True),
	"notifications.mark_all_read": Row(ok=True),
	"notifications.mark_read": Row(base={"keys": json.dumps(["no-such-event"])}),
	"notifications.save_preferences": Row(
		base={"frequency": _a("frequency"), "events": _a("events")}, ok=True
	),
	"session.set_language": Row(base={"language": "ro"}, ok=True, public=True),
	"projects.gantt": Row(base={"project": _a("Project")}, ok=True, has_record=True),
	"quote_requests.search_items": Row(base={"txt": "RP"}, ok=True),
	"invoices.invoice_pdf": Row(base={"name": _a("Sales Invoice")}, ok=True, has_record=True),
	"invoices.statement_pdf": Row(base={"lang": "ro"}, ok=True),
	"offers.download_pdf": Row(base={"name": _a("Quotation")}, ok=True, has_record=True),
	"contracts.download_pdf": Row(base={"name": _a("Contract")}, ok=True, has_record=True),
	"files.download": Row(base={"name": _a("File")}, ok=True, has_record=True),
	"tickets.mark_read": Row(base={"name": _a("Support Ticket")}, ok=True, has_record=True),
	"efactura.download": Row(base={"name": _a("validated_invoice"), "kind": "xml"}, ok=True, has_record=True),
	"efactura.archive": Row(base={"start": _a("year_start"), "end": _a("today")}, ok=True),
	# Client writes, refused by their own validation.
	"offers.accept": Row(base={"name": _a("Quotation"), "content_hash": "stale"}, has_record=True),
	"offers.reject": Row(
		base={"name": _a("Quotation"), "reason": "Not a listed reason", "detail": ""}, has_record=True
	),
	# Three arguments wrong at once: no variant of one of them can make the call valid.
	"contracts.sign": Row(
		base={"name": _a("contract_to_sign"), "full_name": "", "accept": "0", "terms_hash": "stale"},
		has_record=True,
	),
	"quote_requests.submit": Row(base={"data": json.dumps({"items": []})}),
	"quote_requests.cancel": Row(base={"name": "QR-NO-SUCH-REQUEST"}),
	"quote_requests.attach": Row(base={"name": _a("Quote Request")}, has_record=True),
	"files.upload": Row(base={"quote_request": "QR-NO-SUCH-REQUEST"}),
	"files.delete": Row(base={"name": "no-such-file"}),
	"shipments.confirm_receipt": Row(base={"name": "no-such-shipment"}),
	"shipments.report_problem": Row(
		base={"name": "no-such-shipment", "description": "", "submission_key": "k"},
		foreign={"name": _a("Customer Shipment"), "description": "", "submission_key": "k"},
	),
	"tickets.create": Row(base={"data": json.dumps({"subject": ""})}),
	"tickets.reply": Row(
		base={"name": "no-such-ticket", "body": ""}, foreign={"name": _a("Support Ticket"), "body": ""}
	),
	"tickets.resolve": Row(
		base={"name": _a("closed_ticket"), "rating": "99", "comment": ""}, has_record=True
	),
	"tickets.reopen": Row(base={"name": "no-such-ticket"}),
	# The team page: client A's demo user administers A. Every argument but the customer is wrong (no
	# colleague, no role, no section), so no variant of one of them can make the call valid; client B
	# calls it on A and is refused as for a foreign record.
	"team.set_membership": Row(
		base={
			"customer": _customer_a,
			"user": "nobody@example.invalid",
			"role": "Owner",
			"sections": json.dumps(["no_such_section"]),
		},
		has_record=True,
	),
	"team.deactivate": Row(base={"customer": _customer_a, "user": "nobody@example.invalid"}, has_record=True),
	# The company switcher: client A's demo user acts for A only, so client B's company is refused as
	# another client's record; client B is refused client A's.
	"session.switch_customer": Row(
		base={"customer": lambda world: CLIENTS[1]["name"]}, foreign={"customer": _customer_a}
	),
	# An invitation with a role that does not exist: refused whatever else a variant changes.
	"team.invite": Row(
		base={
			"customer": _customer_a,
			"email": "not-an-address",
			"first_name": "",
			"role": "Owner",
			"sections": json.dumps(["no_such_section"]),
		},
		has_record=True,
	),
	"team.revoke_invitation": Row(
		base={"customer": _customer_a, "name": "no-such-invitation"}, has_record=True
	),
	# Guests: registration and invitations.
	"registration.register": Row(actor=GUEST, base={"full_name": "", "email": "not-an-address"}),
	"invitations.accept": Row(actor=GUEST, base={"token": "no-such-token", "password": "short"}),
	# Staff (desk) methods, refused for a record that does not exist.
	"efactura.send": Row(actor=STAFF, base={"name": "no-such-invoice"}),
	"efactura.deadline_card": Row(actor=STAFF),  # the contract's staff read no invoices: refused
	"contracts.send_for_signature": Row(actor=STAFF, base={"name": "no-such-contract"}),
	"files.share": Row(actor=STAFF, base={"name": "no-such-file", "shared": "1"}),
	"registration.get_matches": Row(actor=STAFF, base={"name": "no-such-request"}),
	"registration.approve": Row(actor=STAFF, base={"name": "no-such-request"}),
	"registration.reject": Row(actor=STAFF, base={"name": "no-such-request", "reason": "x"}),
	"invitations.invite": Row(actor=STAFF, base={"customer": "no-such-customer", "email": "not-an-address"}),
	"invitations.revoke": Row(actor=STAFF, base={"name": "no-such-invitation"}),
	"invitations.approve": Row(actor=STAFF, base={"name": "no-such-invitation"}),
	"shipments.update_status": Row(actor=STAFF, base={"names": json.dumps(["no-such"]), "status": "Bogus"}),
	"shipments.merge": Row(actor=STAFF, base={"target": "no-such", "sources": json.dumps(["no-such-2"])}),
	"tickets.staff_reply": Row(actor=STAFF, base={"name": "no-such-ticket", "body": ""}),
}


@dataclass(frozen=True)
class Method:
	key: str  # "offers.accept"
	path: str  # "ralom_portal.api.offers.accept"
	http: str  # "GET" or "POST"
	params: tuple[str, ...]
	row: Row


def portal_methods() -> list[Method]:
	"""Every whitelisted function of every module under ralom_portal.api, from the code."""
	import ralom_portal.api as package

	found = []
	for info in pkgutil.iter_modules(package.__path__):
		module = importlib.import_module(f"{package.__name__}.{info.name}")
		for attr, fn in vars(module).items():
			if not callable(fn) or fn not in frappe.whitelisted or fn.__module__ != module.__name__:
				continue
			key = f"{info.name}.{attr}"
			methods = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["POST"]
			params = tuple(
				p.name
				for p in inspect.signature(fn).parameters.values()
				if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
			)
			default = Row(
				actor=GUEST if fn in frappe.guest_methods else CLIENT, base=dict.fromkeys(params, "x")
			)
			found.append(
				Method(
					key=key,
					path=f"{module.__name__}.{attr}",
					http="GET" if "GET" in methods and "POST" not in methods else "POST",
					params=params,
					row=ROWS.get(key, default),
				)
			)
	return sorted(found, key=lambda m: m.key)


def whitelisted_functions():
	"""(key, function) for every portal method, for static checks."""
	import ralom_portal.api as package

	for info in pkgutil.iter_modules(package.__path__):
		module = importlib.import_module(f"{package.__name__}.{info.name}")
		for attr, fn in vars(module).items():
			if callable(fn) and fn in frappe.whitelisted and fn.__module__ == module.__name__:
				yield f"{info.name}.{attr}", fn


# Messages -----------------------------------------------------------------------------------


def messages(response) -> list[str]:
	"""The user-facing messages of an error answer (Frappe's JSON, our plain 400, an HTML page)."""
	ctype = response.headers.get("Content-Type", "")
	text = response.text
	if "json" in ctype:
		try:
			body = response.json()
		except ValueError:
			return [text]
		found = []
		for raw in json.loads(body.get("_server_messages") or "[]"):
			try:
				item = json.loads(raw)
			except (TypeError, ValueError):
				item = raw
			found.append(item.get("message") if isinstance(item, dict) else str(item))
		if isinstance(body.get("message"), str):
			found.append(body["message"])
		if isinstance(body.get("exception"), str) and not found:
			found.append(body["exception"].split(": ", 1)[-1])
		return [strip_tags(m) for m in found if m]
	if "html" in ctype:
		return [strip_tags(m) for m in re.findall(r"<h1[^>]*>(.*?)</h1>", text, re.S)]
	return [text.strip()]


def strip_tags(text: str) -> str:
	return html.unescape(re.sub(r"<[^>]+>", "", str(text))).strip()


class Translations:
	"""Is a message one of the site's Romanian translations (placeholders filled in)?"""

	def __init__(self, lang: str = "ro"):
		values = {v for k, v in frappe.translate.get_all_translations(lang).items() if v and v != k}
		self.exact = {strip_tags(v) for v in values if "{" not in v}
		self.patterns = [
			re.compile("^" + re.sub(r"\\\{\d*\\\}", ".+?", re.escape(strip_tags(v))) + "$", re.S)
			for v in values
			if "{" in v
		]

	def covers(self, message: str) -> bool:
		message = message.strip()
		return message in self.exact or any(p.match(message) for p in self.patterns)
