"""Two-factor sign-in for portal clients: Frappe's own 2FA, with the two ways around it closed.

Frappe asks for the code only in `LoginManager.login` (the sign-in form: password, then the code).
Two other whitelisted methods make a session with `login_as` and never ask for it:

- the e-mail login link (`frappe.www.login.login_via_key`, System Settings `login_with_email_link`);
- the password reset (`update_password` with a reset key signs the user in).

Both are replaced through `override_whitelisted_methods` (the narrowest place: only these two methods,
only when Frappe's 2FA applies to the user and the user is a portal client). The link then signs no
one in, and the reset sets the password without a session and sends the client to /login, where the
code is asked. Everyone else, desk users included, gets Frappe's methods unchanged. (The request gate
refuses the link method to guests anyway; the override holds whatever the gate allows.)

Frappe runs the sign-in, and with it the code step, before it sets the request's language, so the code
step's prompt and the wrong-code message come out in the site's default language. An after_request hook
translates the two into the visitor's language (the one the sign-in page is shown in).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.core.doctype.user import user as frappe_user
from frappe.translate import get_all_translations
from frappe.twofactor import should_run_2fa
from frappe.utils.data import sha256_hash
from frappe.www import login as frappe_login

from ralom_portal.access.customers import is_desk_user
from ralom_portal.access.login_limits import _visitor_language as visitor_language

LOGIN_ROUTE = "/login"
LINK_KEY = "one_time_login_key:{0}"  # Frappe's cache key for an e-mail login link (frappe/www/login.py)
WRONG_CODE = "Incorrect Verification code"  # frappe.twofactor.confirm_otp_token


def needs_code(user: str | None) -> bool:
	"""Does Frappe's two-factor authentication apply to this portal client?"""
	if not user or not isinstance(user, str) or not frappe.db.exists("User", user):
		return False
	return not is_desk_user(user) and bool(should_run_2fa(user))


@frappe.whitelist(allow_guest=True, methods=["GET"])
def login_via_key(key: str):
	"""The e-mail login link: for a client with 2FA it is used up and signs no one in."""
	email = frappe.cache.get_value(LINK_KEY.format(key)) if key else None
	if not needs_code(email):
		return frappe_login.login_via_key(key)
	frappe.cache.delete_value(LINK_KEY.format(key))
	frappe.respond_as_web_page(
		_("Sign in with your verification code"),
		_(
			"For your account, the e-mail link is not enough. Sign in with your password and the verification code."
		),
		http_status_code=403,
		indicator_color="orange",
		primary_action=LOGIN_ROUTE,
		primary_label=_("Sign in"),
	)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def update_password(
	new_password: str,
	logout_all_sessions: int = 0,
	key: str | None = None,
	old_password: str | None = None,
):
	"""The password reset: for a client with 2FA, Frappe's reset without its automatic sign-in."""
	if not needs_code(_user_of_reset_key(key)):
		return frappe_user.update_password(new_password, logout_all_sessions, key, old_password)
	# Frappe validates, sets the password and clears the key; only its `login_as` is left out.
	manager = frappe.local.login_manager
	frappe.local.login_manager = _NoSession()
	try:
		answer = frappe_user.update_password(new_password, logout_all_sessions, key, old_password)
	finally:
		frappe.local.login_manager = manager
	if frappe.local.response.get("http_status_code") == 410:
		return answer  # the link expired or was used: Frappe's own message
	return LOGIN_ROUTE


def answer_in_visitor_language(response=None, request=None) -> None:
	"""after_request: the code step's prompt and the wrong-code message, in the visitor's language."""
	if response is None or request is None or response.mimetype != "application/json":
		return
	if request.path != "/api/method/login" and frappe.form_dict.get("cmd") != "login":
		return
	try:
		body = json.loads(response.get_data())
	except ValueError:
		return
	if not isinstance(body, dict):
		return
	lang = visitor_language()
	verification = body.get("verification")
	if isinstance(verification, dict) and isinstance(verification.get("prompt"), str):
		verification["prompt"] = _again(verification["prompt"], lang)
	elif response.status_code == 401 and body.get("message") == WRONG_CODE:
		body["message"] = _again(WRONG_CODE, lang)
	else:
		return
	response.set_data(json.dumps(body))


def _again(text: str, lang: str) -> str:
	"""`text`, which Frappe already passed through `_()` in the site's default language, in `lang`:
	strings of Frappe's (frappe/twofactor.py), with their Romanian in translations/ro.csv."""
	return get_all_translations(lang).get(text, text)


def _user_of_reset_key(key) -> str | None:
	if not key or not isinstance(key, str):
		return None
	return frappe.db.get_value("User", {"reset_password_key": sha256_hash(key)})


class _NoSession:
	"""Stands in for Frappe's LoginManager during a reset: the password is set, no session is made."""

	def login_as(self, user: str) -> None:
		pass
