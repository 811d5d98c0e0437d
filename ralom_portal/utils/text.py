"""Plain-text validation for what clients type: one notion of "markup" for every form.

Portal text (remarks, descriptions, reasons, names) is stored and shown as plain text. Rather than
storing markup and trusting every template and e-mail to escape it, text that looks like HTML,
script or template code is refused with a translated message, and nothing is written.
"""

from __future__ import annotations

import re

from frappe import _
from frappe.utils import cstr, strip_html_tags

# Tags, comments/doctypes, javascript: URLs, inline handlers, entities and Jinja delimiters.
_MARKUP = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:|\bon[a-z]+\s*=|&#|\{\{|\{%", re.I)
# Names, tax ids and phone numbers have no use for angle brackets or escaped characters at all.
_IDENTITY = re.compile(r"[<>]|\\u00", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What stays refused where harmless formatting (<b>, <p>) is merely stripped.
_DANGEROUS = re.compile(
	r"<\s*/?\s*(script|iframe|object|embed|style|svg|img|link|meta)\b|javascript\s*:|\bon\w+\s*=|\{\{|\{%",
	re.I,
)


def has_markup(value: str, *, identity: bool = False) -> bool:
	"""True when `value` holds markup, script, template code or control characters."""
	value = cstr(value)
	return bool(_MARKUP.search(value) or _CONTROL.search(value) or (identity and _IDENTITY.search(value)))


def plain_text(
	value, label: str, max_len: int, *, fail, required: bool = False, strip_markup: bool = False
) -> str:
	"""The trimmed text, or `fail(message)` with a translated message when it is not acceptable.

	With `strip_markup`, harmless formatting pasted from elsewhere (<b>, <p>) is removed instead of
	refused; script, handlers and embedded content are still refused.
	"""
	if value is None:
		value = ""
	if isinstance(value, bool) or not isinstance(value, str | int | float):
		fail(_("{0} must be text.").format(label))
	value = cstr(value).strip()
	if required and not value:
		fail(_("{0} is required.").format(label))
	if len(value) > max_len:
		fail(_("{0} can be at most {1} characters long.").format(label, max_len))
	if strip_markup:
		if _DANGEROUS.search(value) or _CONTROL.search(value):
			fail(_("{0} may not contain HTML or scripts.").format(label))
		return strip_html_tags(value).strip()
	if has_markup(value):
		fail(_("{0} may not contain HTML or scripts.").format(label))
	return value
