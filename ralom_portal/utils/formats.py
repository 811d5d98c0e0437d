"""Dates as the reader writes them: 29.11.2026 in Romanian, 29 Nov 2026 in English.

Frappe's Jinja `format_date` is its long global format ("29 noiembrie 2026"), which wraps over three
lines in a phone's table cell and is not how Romanian forms and lists write a date. A Jinja method
(read at call time, so it follows the request's language); the portal's `ui.date` macro uses it.
"""

import frappe
from frappe.utils import getdate


def short_date(value) -> str:
	if not value:
		return ""
	date = getdate(value)
	if getattr(frappe.local, "lang", None) == "ro":
		return date.strftime("%d.%m.%Y")
	return f"{date.day} {date.strftime('%b')} {date.year}"
