"""A JSON object a form sends as one string field (`data` of a quote request, of a ticket).

A browser posts the whole form as one JSON string beside its files (multipart), so a whitelisted
method receives text: an empty, oversized, malformed or non-object value is the caller's mistake,
refused with the caller's own translated message (each form names itself: "The ticket is empty.").
"""

from __future__ import annotations

import json


def parse_object(data, *, max_length: int, fail, messages: tuple[str, str, str]) -> dict:
	"""`data` as a dict (a dict passes through: a Python caller); anything else is `fail(message)`.

	`fail` raises (the domain's refusal, e.g. `refuse_invalid_ticket`); `messages` are the form's
	own, already translated: (empty, too large, unreadable)."""
	empty, too_large, unreadable = messages
	if isinstance(data, dict):
		return data
	if not isinstance(data, str) or not data.strip():
		fail(empty)
	if len(data) > max_length:
		fail(too_large)
	try:
		parsed = json.loads(data)
	except ValueError:
		fail(unreadable)
	if not isinstance(parsed, dict):
		fail(unreadable)
	return parsed
