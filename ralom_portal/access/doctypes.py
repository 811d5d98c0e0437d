"""The portal doctypes: one list, plain data.

Every doctype a portal client can read (through our pages, our API or an attachment) is listed here
once. `hooks.py` builds `permission_query_conditions`, `has_permission` and `has_website_permission`
from this list; `access.rules` must have a rule for each entry; install/migrate strips the Customer
role's DocPerms from each; the isolation tests read it for their matrix.

Keys of an entry:
- `files`: files attached to a visible record of this doctype are visible to the client too.
- `pages`: the portal routes that show records of this doctype (empty while it has no page yet);
  every doctype with a page has a query-count test.

Adding a doctype to the portal is one entry here plus its rule in `access/rules.py`.
This module imports nothing: `hooks.py` reads it before Frappe is fully set up.
"""

PORTAL_DOCTYPES: dict[str, dict] = {
	"Quotation": {"files": True, "pages": ("/portal/offers",)},
	"Sales Invoice": {"files": True, "pages": ("/portal", "/portal/invoices", "/portal/invoices/<name>")},
	"Payment Entry": {"files": True, "pages": ("/portal/payments",)},
	# The statement of account reads the client's ledger lines; journal entries appear in it and on
	# the invoice page. Neither shares attachments.
	"GL Entry": {"files": False, "pages": ("/portal/statement",)},
	"Journal Entry": {"files": False, "pages": ("/portal/statement", "/portal/invoices/<name>")},
	"Project": {"files": True, "pages": ("/portal/projects",)},
	"Task": {"files": True, "pages": ("/portal/projects/<name>",)},
	"Contract": {"files": True, "pages": ("/portal/contracts",)},
	"Quote Request": {"files": True, "pages": ("/portal/quote-requests",)},
	"File": {"files": False, "pages": ("/portal/files",)},
	# Files staff attach to the ticket form's sidebar stay internal: the client sees only the files of
	# public messages (a staff reply sends sidebar files by moving them onto its message).
	"Support Ticket": {"files": False, "pages": ("/portal/tickets",)},
	# Internal notes and their files are excluded by the rule (access.rules.support_ticket_message).
	"Support Ticket Message": {"files": True, "pages": ("/portal/tickets/<name>",)},
	# Shipments (Expedieri): the proof of delivery is an attachment of the shipment.
	"Customer Shipment": {
		"files": True,
		"pages": ("/portal", "/portal/shipments", "/portal/shipments/<name>"),
	},
}


def names() -> tuple[str, ...]:
	return tuple(PORTAL_DOCTYPES)


def file_parents() -> tuple[str, ...]:
	"""Doctypes whose attachments a client may see when the record is visible to them."""
	return tuple(dt for dt, entry in PORTAL_DOCTYPES.items() if entry["files"])


def with_pages() -> tuple[str, ...]:
	return tuple(dt for dt, entry in PORTAL_DOCTYPES.items() if entry["pages"])
