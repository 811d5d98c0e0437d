"""The portal doctypes, read from the section registry (`ralom_portal/sections.py`).

Every doctype a portal client can read (through our pages, our API or an attachment) is listed there
once, in the section that shows it. `hooks.py` builds `permission_query_conditions`, `has_permission`
and `has_website_permission` from this view; `access.rules` must have a rule for each entry;
install/migrate strips the Customer role's DocPerms from each; the isolation tests read it for their
matrix.

Adding a doctype to the portal is one entry in its section's `doctypes` plus its rule in
`access/rules.py`. Like the registry, this module imports nothing of Frappe: `hooks.py` reads it
before Frappe is fully set up.
"""

from ralom_portal import sections

# Each doctype's entry: `files` (attachments of visible records are visible too), and the registry's
# other facts (`opens`, `label`, `reference`).
PORTAL_DOCTYPES: dict[str, dict] = sections.doctypes()


def names() -> tuple[str, ...]:
	return tuple(PORTAL_DOCTYPES)


def file_parents() -> tuple[str, ...]:
	"""Doctypes whose attachments a client may see when the record is visible to them."""
	return tuple(dt for dt, entry in PORTAL_DOCTYPES.items() if entry["files"])


def with_pages() -> tuple[str, ...]:
	"""Doctypes some portal page reads: every doctype of a section (each section has a page)."""
	return tuple(dt for s in sections.SECTIONS if s.get("route") for dt in s["doctypes"])
