"""Which website routes a website user or guest may reach: decided on what Frappe would render.

Frappe resolves a website path loosely (surrounding slashes and spaces, `.html`, route rules,
redirects, case-insensitive DocType names) and then renders the first of its renderers that
accepts the endpoint: a static file, a web form, a document with a web view, a template, a
DocType's list page or a record's print page. A blocklist of spellings cannot keep up with that,
so the gate asks Frappe's own resolver (`frappe.website.path_resolver`) and allows only:

- our own templates (`ralom_portal/www`: /portal/..., login, registration, invitation pages);
- Frappe's login, password, message, "my account" and two-factor QR code pages and the site-wide
  public files (robots.txt, sitemap, website script), and /app (the desk refuses website users itself);
- the edit-profile web form, for the signed-in user's own profile only;
- static files, and content staff publish on purpose (Web Page, Blog Post, Help Article...);
- routes a company re-opens in Client Portal Settings.

Everything else, including list, print and document pages of business DocTypes, gets one 404.

Resolution costs milliseconds (Frappe builds werkzeug routing maps on every call), so the
decision is cached per site and normalised path in this process, bounded, and dropped when the
website cache or the portal settings change (a generation number in Redis), or after a while.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections import OrderedDict

import frappe

ALLOW = "allow"
DENY = "deny"
PROFILE = "profile"  # allowed for the user whose profile it is

# Longer paths are not ours to serve (gunicorn already refuses request lines over 4 KB).
MAX_PATH_LENGTH = 2048

# Doctypes whose documents and lists are web content staff publish on purpose.
PUBLISHED_DOCTYPES = frozenset({"Web Page", "Blog Post", "Blog Category", "Help Article", "Help Category"})

# Frappe's own pages a website user or guest needs (templates under frappe/www).
FRAPPE_TEMPLATES = frozenset(
	{
		"www/login.html",
		"www/update-password.html",
		"www/message.html",
		"www/me.html",
		# The authenticator-app setup page two-factor sign-in e-mails a client (access/two_factor.py); it
		# shows only the QR code a one-time key in the link names, and refuses anything else.
		"www/qrcode.html",
		"www/404.html",
		"www/about.html",
		"www/contact.html",
		"www/app.html",
		"www/website_script.js",
		"www/robots.txt",
		"www/sitemap.xml",
		"www/rss.xml",
	}
)
PROFILE_WEB_FORM = "edit-profile"

CACHE_SIZE = 2048
CACHE_SECONDS = 300
GENERATION_KEY = "ralom_portal:route_gate_generation"

# (site, generation, key) -> (decision, detail, stored_at)
_decisions: OrderedDict[tuple, tuple] = OrderedDict()
_lock = threading.Lock()  # gunicorn may serve requests on several threads


def normalise(path: str) -> str | None:
	"""The path as Frappe's resolver sees it, or None when it is malformed (never a valid route)."""
	if len(path) > MAX_PATH_LENGTH:
		return None
	# NUL and other control characters, and what is left of broken percent-encoding (werkzeug
	# decodes invalid UTF-8 to U+FFFD) or a backslash, never name a page.
	if "\ufffd" in path or "\\" in path or any(unicodedata.category(ch) == "Cc" for ch in path):
		return None
	key = path.strip("/ ")
	if any(part in ("..", ".") for part in key.split("/")):
		return None
	return key


def is_allowed(path: str) -> bool:
	"""May the current (website or guest) user be served this website path?"""
	key = normalise(path)
	if key is None:
		return False
	if key in ("", "index", "index.html"):
		# The home page depends on the user (role home pages); its resolution is cached per page.
		from frappe.website.utils import get_home_page

		key = get_home_page()
	decision, detail = _cached_decision(key)
	if decision == PROFILE:
		return detail == frappe.session.user
	return decision == ALLOW


def forget_decisions(*args, **kwargs) -> None:
	"""Drop every process's cached decisions (website cache cleared, portal settings saved)."""
	value = time.time_ns()
	frappe.cache.set_value(GENERATION_KEY, value)
	with _lock:
		_decisions.clear()
		_generations[frappe.local.site] = (value, time.monotonic())


# site -> (generation, read at): Redis is asked at most once a second per process, so a cached
# decision costs a dictionary lookup; other processes see a change within that second.
_generations: dict[str, tuple[int, float]] = {}
GENERATION_SECONDS = 1.0


def generation() -> int:
	"""Changes whenever cached decisions must be dropped."""
	site = frappe.local.site
	now = time.monotonic()
	known = _generations.get(site)
	if known and now - known[1] < GENERATION_SECONDS:
		return known[0]
	value = frappe.cache.get_value(GENERATION_KEY, expires=True) or 0
	_generations[site] = (value, now)
	return value


def _cached_decision(key: str) -> tuple[str, str | None]:
	cache_key = (frappe.local.site, generation(), key)
	now = time.monotonic()
	with _lock:
		hit = _decisions.get(cache_key)
		if hit and now - hit[2] < CACHE_SECONDS:
			_decisions.move_to_end(cache_key)
			return hit[0], hit[1]
	decision, detail = decide(key)
	with _lock:
		_decisions[cache_key] = (decision, detail, now)
		while len(_decisions) > CACHE_SIZE:
			_decisions.popitem(last=False)
	return decision, detail


def decide(key: str) -> tuple[str, str | None]:
	"""The decision for a normalised path, following `PathResolver.resolve` step by step."""
	if _reopened(key):
		return ALLOW, None
	from frappe.website.path_resolver import resolve_redirect
	from werkzeug.routing.exceptions import RequestRedirect

	# Form dict and flags are touched by the resolver; Frappe recomputes them when it renders.
	saved_path = getattr(frappe.local, "path", None)
	try:
		try:
			# Redirects only send the browser to another path, which is judged in its turn.
			# Rules that match on the query string are not followed here (a false 404, never a leak).
			resolve_redirect(key)
		except frappe.Redirect:
			return ALLOW, None
		try:
			endpoint = _resolve_endpoint(key)
		except (RequestRedirect, frappe.Redirect):
			# (portal/rendering.resolve answers werkzeug's strict-slash redirect as frappe.Redirect)
			return ALLOW, None
		if endpoint == "app":
			return ALLOW, None  # the desk: guests are sent to login, website users refused by Frappe
		return _decide_endpoint(endpoint)
	except Exception:
		# Whatever Frappe cannot resolve, it would not render for a client either. (Not logged:
		# anyone can send such paths, and the Error Log is no place for them.)
		return DENY, None
	finally:
		frappe.local.path = saved_path
		frappe.flags.redirect_location = None


def _resolve_endpoint(key: str) -> str:
	from frappe.website.path_resolver import resolve_path

	handlers = frappe.get_hooks("website_path_resolver")
	if handlers:
		endpoint = key
		for handler in handlers:
			endpoint = frappe.get_attr(handler)(key)
		return endpoint
	return resolve_path(key)


def _decide_endpoint(endpoint: str) -> tuple[str, str | None]:
	"""Walk Frappe's renderers in Frappe's order; the first that would render decides."""
	from frappe.website.page_renderers.document_page import _find_matching_document_webview
	from frappe.website.page_renderers.list_page import ListPage
	from frappe.website.page_renderers.print_page import PrintPage
	from frappe.website.page_renderers.static_page import StaticPage
	from frappe.website.page_renderers.template_page import TemplatePage
	from frappe.website.path_resolver import PathResolver
	from frappe.website.router import (
		get_page_info_from_web_form,
		get_page_info_from_web_page_with_dynamic_routes,
	)

	for renderer in PathResolver.get_custom_page_renderers():
		if renderer.__module__ == "ralom_portal.portal.rendering":
			continue  # ours (PortalPage): renders what TemplatePage below would, only sooner
		if renderer(endpoint, 200).can_render():
			return DENY, None  # another app's renderer: not something we have vetted
	if StaticPage(endpoint, 200).can_render():
		return ALLOW, None
	web_form = get_page_info_from_web_form(endpoint)
	if web_form:
		return _web_form_decision(web_form, endpoint)
	published_document = False
	document = _find_matching_document_webview(endpoint)
	if document:
		if document[0] not in PUBLISHED_DOCTYPES:
			return DENY, None
		# Frappe still checks permission on it and, when refused, tries the renderers below.
		published_document = True
	if get_page_info_from_web_page_with_dynamic_routes(endpoint):
		return ALLOW, None
	template = TemplatePage(endpoint, 200)
	if template.can_render():
		return (ALLOW if _template_allowed(template) else DENY), None
	if ListPage(endpoint, 200).can_render():
		doctype = frappe.db.exists("DocType", endpoint, True)
		return (ALLOW if doctype in PUBLISHED_DOCTYPES else DENY), None
	if PrintPage(endpoint, 200).can_render():
		return DENY, None
	return (ALLOW if published_document else DENY), None


def _template_allowed(template) -> bool:
	path = template.template_path
	if not path.startswith("www/"):
		return False
	if template.app == "ralom_portal":
		return True
	return template.app == "frappe" and path in FRAPPE_TEMPLATES


def _web_form_decision(web_form, endpoint: str) -> tuple[str, str | None]:
	"""Only the profile form, and only `<route>/<own user>` and `<route>/<own user>/edit`."""
	if web_form.name != PROFILE_WEB_FORM:
		return DENY, None
	rest = endpoint[len(web_form.route) :].strip("/")
	if rest.endswith("/edit"):
		rest = rest[: -len("/edit")]
	if not rest or "/" in rest or rest in ("new", "list"):
		return DENY, None
	return PROFILE, rest


def _reopened(key: str) -> bool:
	"""Routes a company re-opened for clients in Client Portal Settings (and what lies below them)."""
	routes = reopened_routes()
	bare = key[:-5] if key.endswith(".html") else key
	return any(bare == route or bare.startswith(route + "/") for route in routes)


def reopened_routes() -> tuple[str, ...]:
	text = frappe.db.get_single_value("Client Portal Settings", "reopened_routes") or ""
	return parse_routes(text)


def parse_routes(text: str) -> tuple[str, ...]:
	routes = []
	for line in text.replace(",", "\n").splitlines():
		route = line.strip().strip("/ ")
		if route:
			routes.append(route)
	return tuple(routes)
