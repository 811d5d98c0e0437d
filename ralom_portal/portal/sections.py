"""The portal's sections, in the order of the client's brief.

Only sections that exist are listed (no placeholders): a section appears here when its page ships.
Titles are the English source strings; the Romanian names come from translations/ro.csv.
"""

from frappe import _

SECTIONS = [
	# key, route, title, icon
	("dashboard", "/portal", "Dashboard", "home"),
	("quote_requests", "/portal/quote-requests", "Quote Requests", "edit"),
	("projects", "/portal/projects", "Projects", "layers"),
	("invoices", "/portal/invoices", "Invoices & Payments", "credit-card"),
	("contracts", "/portal/contracts", "Contracts", "file"),
	("offers", "/portal/offers", "Offers", "file-text"),
	("tickets", "/portal/tickets", "Support", "help-circle"),
	("shipments", "/portal/shipments", "Shipments", "truck"),
	("files", "/portal/files", "Files", "folder"),
]


def sidebar(active: str) -> list[dict]:
	return [
		{
			"key": key,
			"route": route,
			"title": _(title, context="Portal section"),
			"icon": icon,
			"active": key == active,
		}
		for key, route, title, icon in SECTIONS
	]
