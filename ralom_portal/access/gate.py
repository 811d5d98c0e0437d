"""Request gate: default-deny over Frappe's generic endpoints for website users and guests.

Stock Frappe/ERPNext expose many generic endpoints (REST resources, `frappe.client.*`, reportview,
`getdoc`, printview, uploads, comments, likes, tags, `make_payment_request` …) and several of them
check little or nothing for website users. Portal clients never need them: their data comes from
our pages and `ralom_portal.api.*`. So for anyone who is not a desk user, only an allowlist gets
through. Desk users are never affected.

Website pages (anything Frappe would render through its website router) follow the same rule:
`access/routes.py` decides on what Frappe would actually render, and everything not allowed gets
one 404 page, the same bytes whether a record exists, belongs to someone else or is missing.

It runs as an `auth_hooks` entry, i.e. after Frappe resolved the user from cookie, API key or
token, so an API-key caller is judged as who they really are.
"""

import importlib
import json

import frappe
from frappe import _
from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.wrappers import Response

from ralom_portal.access import request_body, routes
from ralom_portal.access.customers import is_desk_user
from ralom_portal.access.headers import SECURITY_HEADERS

# Frappe imports this module (an auth hook) on every web request, so a web process wraps Frappe's
# body parser from its first request on (see access/request_body.py).
request_body.install()

# Whitelisted methods a website user or guest may call. The realtime permission probes are left out
# on purpose: they answer 404 for a missing record and 403 for a foreign one (an existence oracle),
# and portal pages do not use realtime.
ALLOWED_METHODS = frozenset(
	{
		"ping",
		"login",
		"logout",
		"web_logout",
		"frappe.auth.get_logged_user",
		"frappe.www.login.login_via_token",
		"frappe.www.login.send_login_link",
		"frappe.core.doctype.user.user.reset_password",
		"frappe.core.doctype.user.user.update_password",
		"frappe.core.doctype.user.user.test_password_strength",
		"frappe.core.doctype.user.user.verify_password",
		"frappe.website.doctype.web_page_view.web_page_view.make_view_log",
		"frappe.translate.get_all_translations",
		"frappe.website.doctype.web_form.web_form.accept",
	}
)
ALLOWED_PREFIXES = ("ralom_portal.api.",)

# Web forms a website user may submit (Frappe's own profile form).
ALLOWED_WEB_FORMS = frozenset({"edit-profile"})

# Paths outside the website router that serve records generically (Frappe handles them before it
# renders pages); our own /portal endpoints replace them.
DENIED_PREFIXES = ("/private/files/", "/backups")
# Anything else Frappe hands to its website router (when no `cmd` is sent) for these methods.
WEBSITE_METHODS = ("GET", "HEAD", "POST")


def guard() -> None:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	path = request.path or "/"
	if routes.normalise(path) is None:
		bad_request()  # NUL bytes, broken encoding, absurd lengths: for everyone, before any lookup
	if is_desk_user():
		return
	# Frappe runs `cmd` (query string or body) before it looks at the path, on any path:
	# `/api/method/ping?cmd=frappe.client.get_list` would run get_list. So `cmd` is judged first.
	cmd = frappe.form_dict.get("cmd")
	if cmd:
		if not isinstance(cmd, str) or not _method_allowed(cmd):
			deny()
		_require_csrf_session(cmd, request)
	if path.startswith("/api/"):
		method = _method_from_path(path)
		if method is None or not _method_allowed(method):
			deny()
		_require_csrf_session(method, request)
	elif path.startswith(DENIED_PREFIXES):
		deny()
	elif not cmd and request.method in WEBSITE_METHODS and not routes.is_allowed(path):
		refuse_route()


def _require_csrf_session(method: str, request) -> None:
	"""Our writes need a session that holds a CSRF token (issued by every portal page).

	Frappe checks the token only when the session has one, and stock website sessions have none,
	so without this a cross-site form could POST to our methods with the victim's cookie.
	"""
	if request.method != "POST" or not method.startswith(ALLOWED_PREFIXES):
		return
	if frappe.session.user == "Guest":
		return  # guest endpoints (registration) carry their own protection
	if not (frappe.session.data or {}).get("csrf_token"):
		deny()


def _method_from_path(path: str) -> str | None:
	parts = path.strip("/").split("/")
	# /api/method/<name>  and  /api/v1/method/<name>, /api/v2/method/<name>
	if len(parts) >= 3 and parts[1] == "method":
		return parts[2]
	if len(parts) >= 4 and parts[1] in ("v1", "v2") and parts[2] == "method":
		return parts[3]
	return None


def _method_allowed(method: str) -> bool:
	if method.startswith(ALLOWED_PREFIXES):
		return _is_portal_method(method)
	if method not in ALLOWED_METHODS:
		return False
	if method == "frappe.website.doctype.web_form.web_form.accept":
		return _profile_form_submission_allowed()
	return True


def _is_portal_method(method: str) -> bool:
	"""A whitelisted function of ours (guest-allowed for guests), not a module or an imported name.

	Frappe would import the name and answer anything else with a server error.
	"""
	module_name, _sep, attr = method.rpartition(".")
	try:
		module = importlib.import_module(module_name)
	except Exception:
		return False
	fn = getattr(module, attr, None)
	if fn is None or fn not in frappe.whitelisted:
		return False
	return frappe.session.user != "Guest" or fn in frappe.guest_methods


def _profile_form_submission_allowed() -> bool:
	"""The edit-profile form, for the user's own profile, with no file in it.

	A foreign or missing user name gets the gate's one 403 (Frappe would tell them apart), and
	files are refused on purpose: clients upload nothing through Frappe's generic file handling.
	"""
	if frappe.session.user == "Guest" or frappe.form_dict.get("web_form") not in ALLOWED_WEB_FORMS:
		return False
	data = frappe.form_dict.get("data")
	try:
		data = json.loads(data) if isinstance(data, str) else data
	except ValueError:
		return False
	if not isinstance(data, dict) or data.get("name") != frappe.session.user:
		return False
	if data.get("doctype") not in (None, "User"):
		return False
	current = frappe.db.get_value("User", frappe.session.user, "user_image") or ""
	return (data.get("user_image") or "") == current


def refuse_route() -> None:
	"""One 404 page for every website route a client may not see, whatever the reason."""
	raise NotFound(response=not_found_response())


# (site, generation, language, guest) -> body: the page is the same for every path, so it is built
# once per process and language instead of on every refused request.
_not_found_bodies: dict[tuple, str] = {}


def not_found_response() -> Response:
	lang = frappe.local.lang or "en"
	guest = frappe.session.user == "Guest"
	key = (frappe.local.site, routes.generation(), lang, guest)
	body = _not_found_bodies.get(key)
	if body is None:
		if len(_not_found_bodies) > 64:
			_not_found_bodies.clear()
		body = _not_found_bodies[key] = _not_found_body(lang, guest)
	response = Response(body, status=404, content_type="text/html; charset=utf-8")
	response.headers.update(SECURITY_HEADERS)
	response.headers["Content-Security-Policy"] = (
		"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	)
	response.headers["Cache-Control"] = "no-store"
	return response


def _not_found_body(lang: str, guest: bool) -> str:
	esc = frappe.utils.escape_html
	title = _("Page not found")
	message = _("The page you are looking for does not exist or is not available to you.")
	home, label = ("/login", _("Log in")) if guest else ("/portal", _("Go to the portal"))
	return (
		f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
		'<meta name="viewport" content="width=device-width, initial-scale=1">'
		f"<title>{esc(title)}</title>"
		"<style>body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f6;color:#1f272e}"
		"main{max-width:32rem;margin:15vh auto;padding:2rem;background:#fff;border-radius:.5rem}"
		"h1{font-size:1.4rem}a{color:#2490ef}</style></head><body><main>"
		f"<h1>{esc(title)}</h1><p>{esc(message)}</p>"
		f'<p><a href="{home}">{esc(label)}</a></p></main></body></html>'
	)


def bad_request() -> None:
	response = Response(_("Bad request"), status=400, content_type="text/plain; charset=utf-8")
	response.headers.update(SECURITY_HEADERS)
	raise BadRequest(response=response)


def deny() -> None:
	"""The same 403 whatever was asked for, so it tells nothing about whether a record exists."""
	body = {"exc_type": "PermissionError", "message": _("Not permitted")}
	response = Response(json.dumps(body), status=403, content_type="application/json")
	response.headers.update(SECURITY_HEADERS)
	raise Forbidden(response=response)
