"""A request body that claims to be JSON and is not: the caller's mistake, answered 400, never 500.

Frappe parses a JSON body in `frappe.app.make_form_dict`, inside `init_request`, before the session
is resolved and before any app hook (the request gate included) runs. A truncated body raises a
JSONDecodeError there, which Frappe answers with a 500 and an Error Log entry, for guests too: any
visitor could fill the Error Log. Frappe offers no hook before that parse, so `install()` wraps
`make_form_dict`; the request gate (an auth hook, imported by the first request a web process
serves) installs it. For that first request, `answer_malformed_json` (an `after_request` hook)
still turns Frappe's 500 into the same 400, so a client sees one answer whatever the worker.
"""

from __future__ import annotations

import functools
import json
import sys

import frappe
from frappe import _
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from ralom_portal.access.headers import SECURITY_HEADERS

LANGUAGES = ("ro", "en")


def install() -> None:
	"""Wrap Frappe's body parser in a web process (one that has imported `frappe.app`); else nothing."""
	app = sys.modules.get("frappe.app")
	if app is None or getattr(app.make_form_dict, "_ralom_json_checked", False):
		return
	original = app.make_form_dict

	@functools.wraps(original)
	def make_form_dict(request):
		if is_malformed_json(request):
			raise BadRequest(response=bad_request_response())
		return original(request)

	make_form_dict._ralom_json_checked = True
	app.make_form_dict = make_form_dict


def is_malformed_json(request) -> bool:
	if not request.is_json:
		return False
	data = request.get_data(as_text=True)  # cached by werkzeug: Frappe reads the same bytes again
	if not data:
		return False
	try:
		json.loads(data)
	except ValueError:
		return True
	return False


def answer_malformed_json(response=None, request=None) -> None:
	"""after_request: the same 400 where Frappe answered a malformed JSON body with a 500."""
	if response is None or request is None or response.status_code != 500:
		return
	if not is_malformed_json(request):
		return
	replacement = bad_request_response()
	response.status_code = 400
	response.set_data(replacement.get_data())
	response.headers["Content-Type"] = replacement.headers["Content-Type"]
	response.headers.update(SECURITY_HEADERS)


def bad_request_response() -> Response:
	"""A plain 400 in the visitor's language (the session is not known yet when the body is parsed)."""
	previous = getattr(frappe.local, "lang", None)
	frappe.local.lang = _visitor_language()
	try:
		body = _("The request could not be read: its body is not valid JSON.")
	finally:
		frappe.local.lang = previous
	response = Response(body, status=400, content_type="text/plain; charset=utf-8")
	response.headers.update(SECURITY_HEADERS)
	return response


def _visitor_language() -> str:
	request = frappe.local.request
	cookie = (request.cookies.get("preferred_language") or "")[:5]
	if cookie in LANGUAGES:
		return cookie
	best = request.accept_languages.best_match(LANGUAGES)
	if best:
		return best
	try:
		return frappe.db.get_default("lang") or "en"
	except Exception:
		return "en"
