"""The portal's sidebar, from the section registry (`ralom_portal/sections.py`).

Titles in the registry are the English source strings; the Romanian names (the seed's: Tablou de
bord, Cerere Ofertă, …) come from translations/ro.csv under the context "Portal section".
"""

from frappe import _

from ralom_portal.sections import SECTIONS


def sidebar(active: str, granted: set[str] | None = None) -> list[dict]:
	"""The sections in registry order; only the `granted` keys when given (a member's sections,
	`access.customers.granted_sections`), every section otherwise."""
	entries = []
	for s in SECTIONS:
		if granted is not None and s["key"] not in granted:
			continue
		title = s["title"]  # through a name: Frappe's extractor reads a literal inside `_()`
		entries.append(
			{
				"key": s["key"],
				"route": s["route"],
				"title": _(title, context="Portal section"),
				"icon": s["icon"],
				"active": s["key"] == active,
			}
		)
	return entries
