"""The portal's sections: the one registry of what a section is, in the order of the client's brief.

Plain data, like `hooks.py`, and it imports nothing: `hooks.py` builds the route rules from it while
Frappe is still loading, `access` builds the permission hooks from its doctypes, domain code links to
records with `record_route`, `utils.preferences` lists the bell's events, and the read side builds the
sidebar, the action centre, the bell, ticket references and file labels from it. A section that ships
is one row here (see CONTRIBUTING.md, "Join the hubs"); nothing else lists sections.

Why this is at the package's top and not in `portal/`: every layer reads it, and `portal` is the read
side, above the domain; a registry there would make `access`, `utils` and the domain import upwards.
`access/doctypes.py` is no longer a second list: it reads the doctypes of these rows.

Keys of a row:
- `key`, `route` (the list page), `title` (English source; the sidebar translates it with the context
  "Portal section"), `icon` (one of `portal.rendering.PORTAL_ICONS`).
- `detail`: the page template of `<route>/<name>`, if the section has detail pages; `fixed`: routes
  under `<route>/` that come before `<name>` (`new`), with their templates.
- `doctypes`: every doctype the section shows, each once across the registry, with:
  - `files`: files attached to a visible record are visible to the client too;
  - `opens`: the field whose value is the `<name>` of the detail page that shows a record (`"name"`,
    or `"project"` for a task); absent when no page shows a single record;
  - `label`: what the files page calls a file's record of this doctype;
  - `reference`: a support ticket may be about a record of this doctype.
- `action`: the dashboard's action centre for the section: `kind`, `pending` (dotted path of the query
  module's `pending_sql`), `title` and `reasons` (the strings per state of an item; see
  `portal/queries/actions.py`).
- `bell`: the section's event in the bell and the e-mail preferences: `kind`, `events` (dotted path of
  the function that returns the SQL of the section's events, under its rule), `order` (of the
  preferences form), `label` (the preference), `text` (the bell's line per event detail, `*` for any),
  `detail_context` (the translation context of the detail, when it is shown).
"""

SECTIONS: tuple[dict, ...] = (
	{
		"key": "dashboard",
		"route": "/portal",
		"title": "Dashboard",
		"icon": "home",
		"doctypes": {},
	},
	{
		"key": "quote_requests",
		"route": "/portal/quote-requests",
		"detail": "portal/quote-request",
		"fixed": {"new": "portal/quote-request-new"},
		"title": "Quote Requests",
		"icon": "edit",
		"doctypes": {
			"Quote Request": {"files": True, "opens": "name", "label": "Quote Request", "reference": True},
		},
	},
	{
		"key": "projects",
		"route": "/portal/projects",
		"detail": "portal/project",
		"title": "Projects",
		"icon": "layers",
		"doctypes": {
			"Project": {"files": True, "opens": "name", "label": "Project", "reference": True},
			# A task has no page of its own: it opens its project's page.
			"Task": {"files": True, "opens": "project", "label": "Task"},
		},
		"action": {
			"kind": "milestone",
			"pending": "ralom_portal.portal.queries.projects.pending_sql",
			"title": "Milestone: {0}",
			"reasons": {"any": ("deadline {0}", ("due",))},
		},
	},
	{
		"key": "invoices",
		"route": "/portal/invoices",
		"detail": "portal/invoice",
		"title": "Invoices & Payments",
		"icon": "credit-card",
		"doctypes": {
			"Sales Invoice": {"files": True, "opens": "name", "label": "Invoice", "reference": True},
			"Payment Entry": {"files": True, "label": "Payment"},
			# The statement of account reads the client's ledger lines; journal entries appear in it
			# and on the invoice page. Neither shares attachments.
			"GL Entry": {"files": False},
			"Journal Entry": {"files": False},
		},
		"action": {
			"kind": "invoice",
			"pending": "ralom_portal.portal.queries.invoices.pending_sql",
			"title": "Invoice {0}",
			"reasons": {
				"overdue": ("{0} overdue by {1} days", ("amount", "days_overdue")),
				"today": ("{0} due today", ("amount",)),
				"days": ("{0} due in {1} days", ("amount", "days")),
			},
		},
		"bell": {
			"kind": "invoice",
			"events": "ralom_portal.portal.queries.notifications.invoice_events",
			"order": 2,
			"label": "New invoices",
			"text": {"efactura": "Invoice {0} validated by ANAF (e-Factura)", "*": "Invoice {0} issued"},
		},
	},
	{
		"key": "contracts",
		"route": "/portal/contracts",
		"detail": "portal/contract",
		"title": "Contracts",
		"icon": "file",
		"doctypes": {
			"Contract": {"files": True, "opens": "name", "label": "Contract", "reference": True},
		},
		"action": {
			"kind": "contract",
			"pending": "ralom_portal.portal.queries.contracts.pending_sql",
			"title": "Contract {0}",
			"reasons": {"any": ("awaiting your signature", ())},
		},
	},
	{
		"key": "offers",
		"route": "/portal/offers",
		"detail": "portal/offer",
		"title": "Offers",
		"icon": "file-text",
		"doctypes": {
			"Quotation": {"files": True, "opens": "name", "label": "Offer", "reference": True},
		},
		"action": {
			"kind": "offer",
			"pending": "ralom_portal.portal.queries.offers.pending_sql",
			"title": "Offer {0}",
			"reasons": {
				"none": ("awaiting your decision", ()),
				"today": ("decide today", ()),
				"tomorrow": ("decide by tomorrow", ()),
				"days": ("decide within {0} days", ("days",)),
			},
		},
		"bell": {
			"kind": "offer",
			"events": "ralom_portal.portal.queries.notifications.offer_events",
			"order": 1,
			"label": "New offers",
			"text": {"*": "New offer {0}"},
		},
	},
	{
		"key": "tickets",
		"route": "/portal/tickets",
		"detail": "portal/ticket",
		"fixed": {"new": "portal/ticket-new"},
		"title": "Support",
		"icon": "help-circle",
		"doctypes": {
			# Files staff attach to the ticket form's sidebar stay internal: the client sees only the
			# files of public messages (a staff reply sends sidebar files by moving them onto its
			# message). Internal notes and their files are excluded by the rule.
			"Support Ticket": {"files": False, "opens": "name"},
			"Support Ticket Message": {"files": True},
		},
		"action": {
			"kind": "ticket",
			"pending": "ralom_portal.portal.queries.tickets.pending_sql",
			"title": "Ticket: {0}",
			"reasons": {"any": ("awaiting your reply", ())},
		},
		"bell": {
			"kind": "reply",
			"events": "ralom_portal.portal.queries.notifications.reply_events",
			"order": 4,
			"label": "Replies to my tickets",
			"text": {"*": "Support replied: {0}"},
		},
	},
	{
		"key": "shipments",
		"route": "/portal/shipments",
		"detail": "portal/shipment",
		"title": "Shipments",
		"icon": "truck",
		"doctypes": {
			# The proof of delivery is an attachment of the shipment.
			"Customer Shipment": {"files": True, "opens": "name", "reference": True},
		},
		"action": {
			"kind": "shipment",
			"pending": "ralom_portal.portal.queries.shipments.pending_sql",
			"title": "Shipment {0}",
			"reasons": {"any": ("delivered: please confirm receipt", ())},
		},
		"bell": {
			"kind": "shipment",
			"events": "ralom_portal.portal.queries.notifications.shipment_events",
			"order": 3,
			"label": "Shipment updates",
			"text": {"*": "Shipment {0}: {1}"},
			"detail_context": "Shipment status",
		},
	},
	{
		"key": "files",
		"route": "/portal/files",
		"title": "Files",
		"icon": "folder",
		"doctypes": {"File": {"files": False}},
		"bell": {
			"kind": "file",
			"events": "ralom_portal.portal.queries.notifications.file_events",
			"order": 5,
			"label": "Files shared with us",
			"text": {"*": "New file: {0}"},
		},
	},
)

BY_KEY: dict[str, dict] = {s["key"]: s for s in SECTIONS}


def section(key: str) -> dict:
	return BY_KEY[key]


def of_doctype(doctype: str) -> dict | None:
	"""The section that shows `doctype`, or None for a doctype the portal does not show."""
	for s in SECTIONS:
		if doctype in s["doctypes"]:
			return s
	return None


def doctypes() -> dict[str, dict]:
	"""Every doctype the portal shows, with its entry (see the module's docstring)."""
	return {dt: entry for s in SECTIONS for dt, entry in s["doctypes"].items()}


def detail_route(key: str, name: str) -> str:
	"""The page of one record of a section (`/portal/offers/SAL-QTN-0001`)."""
	return f"{BY_KEY[key]['route']}/{name}"


def record_route(doctype: str, name: str | None, row=None) -> str | None:
	"""The portal page that shows a record of `doctype`, or None when no page shows it.

	`name` is the record's name; for a doctype that opens another record's page (a task opens its
	project), `row` carries that field (`row["project"]`) and None there means no page.
	"""
	s = of_doctype(doctype)
	opens = s["doctypes"][doctype].get("opens") if s else None
	if not opens or not s.get("detail"):
		return None
	value = name if opens == "name" else (row or {}).get(opens)
	return detail_route(s["key"], value) if value else None


def references() -> tuple[str, ...]:
	"""The doctypes a support ticket may be about."""
	return tuple(dt for dt, entry in doctypes().items() if entry.get("reference"))


def actions() -> tuple[dict, ...]:
	"""The sections that put items in the dashboard's action centre, each with its `action`."""
	return tuple(s for s in SECTIONS if s.get("action"))


def bells() -> tuple[dict, ...]:
	"""The sections with a bell event, in the order of the e-mail preferences form."""
	return tuple(sorted((s for s in SECTIONS if s.get("bell")), key=lambda s: s["bell"]["order"]))


def _by_kind(part: str, kind: str) -> tuple[dict, dict]:
	for s in SECTIONS:
		if s.get(part) and s[part]["kind"] == kind:
			return s, s[part]
	raise KeyError(kind)


def action_of(kind: str) -> tuple[dict, dict]:
	"""(section, action) for an action-centre kind."""
	return _by_kind("action", kind)


def bell_of(kind: str) -> tuple[dict, dict]:
	"""(section, bell) for a bell event kind."""
	return _by_kind("bell", kind)


def bell_route(kind: str, name: str) -> str:
	"""Where a bell line opens: the record's page, or the list for a section without detail pages."""
	s, _bell = bell_of(kind)
	return detail_route(s["key"], name) if s.get("detail") else s["route"]


def website_route_rules() -> list[dict]:
	"""Frappe's `website_route_rules`: each section's fixed routes before its `<name>` route."""
	rules = []
	for s in SECTIONS:
		for path, template in s.get("fixed", {}).items():
			rules.append({"from_route": f"{s['route']}/{path}", "to_route": template})
		if s.get("detail"):
			rules.append({"from_route": f"{s['route']}/<name>", "to_route": s["detail"]})
	return rules
