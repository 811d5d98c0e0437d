"""Request gate: default-deny over Frappe's generic endpoints for website users and guests.

Stock Frappe/ERPNext expose many generic endpoints (REST resources, `frappe.client.*`, reportview,
`getdoc`, printview, uploads, comments, likes, tags, `make_payment_request` …) and several of them
check little or nothing for website users. Portal clients never need them: their data comes from
our pages and `ralom_portal.api.*`. So for anyone who is not a desk user, only an allowlist gets
through. Desk users are never affected.

It runs as an `auth_hooks` entry, i.e. after Frappe resolved the user from cookie, API key or
token, so an API-key caller is judged as who they really are.
"""

import json

import frappe
from frappe import _
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from ralom_portal.access.customers import is_desk_user

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

# Paths outside /api that serve records generically; our own /portal endpoints replace them.
DENIED_PREFIXES = ("/printview", "/private/files/")
# ERPNext's own portal pages. They list records from raw Portal User rows with ignore_permissions,
# bypassing our rules (disabled customers, drafts of other doctypes), so clients never reach them.
# /quotations and /project(s) are redirected to the portal instead (hooks.website_redirects).
ERPNEXT_PORTAL_PAGES = (
	"/orders",
	"/order",
	"/invoices",
	"/shipments",
	"/addresses",
	"/timesheets",
	"/tasks",
	"/task_info",
	"/timelog_info",
	"/material-requests",
	"/material_request_info",
	"/rfq",
	"/boms",
	"/issues",
	"/supplier-quotations",
	"/purchase-orders",
	"/purchase-invoices",
)


def guard() -> None:
	request = getattr(frappe.local, "request", None)
	if request is None or is_desk_user():
		return
	path = request.path or "/"
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
	elif path.startswith(DENIED_PREFIXES) or _is_erpnext_portal_page(path):
		deny()


def _is_erpnext_portal_page(path: str) -> bool:
	path = path.rstrip("/") or "/"
	return any(path == page or path.startswith(page + "/") for page in ERPNEXT_PORTAL_PAGES)


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
		return True
	if method not in ALLOWED_METHODS:
		return False
	if method == "frappe.website.doctype.web_form.web_form.accept":
		return frappe.form_dict.get("web_form") in ALLOWED_WEB_FORMS and frappe.session.user != "Guest"
	return True


def deny() -> None:
	"""The same 403 whatever was asked for, so it tells nothing about whether a record exists."""
	body = {"exc_type": "PermissionError", "message": _("Not permitted")}
	raise Forbidden(response=Response(json.dumps(body), status=403, content_type="application/json"))
