"""What the desk's scripts know of the portal at boot: the sections a membership can grant, from the
registry (`ralom_portal/sections.py`), so the desk names them as the portal does without a second
list in JavaScript. Keys with their English titles; a script translates a title with the context
"Portal section", as the portal does, in the user's language."""

from ralom_portal import sections
from ralom_portal.access.memberships import choosable_sections


def boot_session(bootinfo) -> None:
	titles = {s["key"]: s["title"] for s in sections.SECTIONS}
	bootinfo.ralom_portal_sections = [[key, titles[key]] for key in choosable_sections()]
