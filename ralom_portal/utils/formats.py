"""Dates as the reader writes them: 29.11.2026 in Romanian, 29 Nov 2026 in English.

Frappe's Jinja `format_date` is its long global format ("29 noiembrie 2026"), which wraps over three
lines in a phone's table cell and is not how Romanian forms and lists write a date. A Jinja method
(read at call time, so it follows the request's language); the portal's `ui.date` macro uses it.
"""

import frappe
from frappe.utils import get_datetime, getdate


def short_date(value) -> str:
	if not value:
		return ""
	date = getdate(value)
	if getattr(frappe.local, "lang", None) == "ro":
		return date.strftime("%d.%m.%Y")
	return f"{date.day} {date.strftime('%b')} {date.year}"


def short_datetime(value) -> str:
	"""A moment (signed, decided, sent) as the reader writes it: 29.11.2026 14:05 in Romanian,
	29 Nov 2026 14:05 in English; Frappe's `format_datetime` gives the site's 29-11-2026 14:05:33."""
	if not value:
		return ""
	moment = get_datetime(value)
	return f"{short_date(moment)} {moment.strftime('%H:%M')}"


_UNITS = ("KB", "MB", "GB", "TB")


def file_size(size) -> str:
	"""A file's size as the reader writes it: "193 de octeți", "1,2 MB" in Romanian; "193 bytes",
	"1.2 MB" in English. Jinja's `filesizeformat` only speaks English ("193 Bytes", "1.2 kB").
	Multiples of 1024, as file managers show them; one decimal below 100 units."""
	from frappe import _

	from ralom_portal.utils.words_ro import count_before_noun

	size = int(size or 0)
	if size < 1024:
		return _("1 byte") if size == 1 else _("{0} bytes").format(count_before_noun(size))
	value = float(size)
	for unit in _UNITS:
		value /= 1024
		if value < 1024 or unit == _UNITS[-1]:
			break
	text = f"{value:.1f}" if round(value, 1) < 100 else f"{value:.0f}"
	if text.endswith(".0"):
		text = text[:-2]
	if getattr(frappe.local, "lang", None) == "ro":
		text = text.replace(".", ",")
	return f"{text} {unit}"
