"""The portal's sidebar, from the section registry (`ralom_portal/sections.py`).

Titles in the registry are the English source strings; the Romanian names (the seed's: Tablou de
bord, Cerere Ofertă, …) come from translations/ro.csv under the context "Portal section".
"""

from frappe import _

from ralom_portal.sections import SECTIONS


def sidebar(active: str) -> list[dict]:
	entries = []
	for s in SECTIONS:
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
