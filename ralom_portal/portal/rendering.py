"""Portal pages rendered without paying again, on every request, for what never changes.

Frappe builds its Jinja environment per request (`frappe.local.jenv`: its globals carry the user,
the session and the language), so every template a page uses -- the page, the portal layout, the
base template, the macros -- is parsed and compiled again on every request. And before a page is
rendered, Frappe builds werkzeug routing maps three times: once from every app's route rules, then
once each for web forms and dynamic web pages while it looks for the renderer.

Three things here, each exactly what Frappe would do, minus the repeated work:

- `CompiledTemplates`: a process-wide cache of the code Jinja compiles, keyed by the template's
  source text (and name), and by everything in the environment that changes the compiled code
  (its class, options, and the filters and tests with how they are called). The environment
  itself stays per request, so globals, user and language are never shared. An edited template
  (developer mode, `bench update`, a new build) has new source, so it misses the cache and
  compiles again: nothing to invalidate. Bounded (least recently used goes first).
- `resolve` (hook `website_path_resolver`): Frappe's `resolve_path`, with the werkzeug map built
  once per process from the same rules (`get_website_rules`, which Frappe caches and clears with
  the website cache) and built again whenever those rules change.
- `PortalPage` (hook `page_renderer`): renders our own `www/portal/...` templates as Frappe's
  `TemplatePage` does, without first asking the web form and web page renderers (two more maps
  and their queries) about a path that is ours. It installs the compile cache on the request's
  environment.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path

import frappe
from frappe.website.page_renderers.template_page import TemplatePage

# ------------------------------------------------------------------------- compiled templates


class CompiledTemplates:
	"""A bounded, thread-safe map from (environment signature, name, source) to compiled code."""

	def __init__(self, size: int = 256):
		self.size = size
		self._items: OrderedDict[tuple, object] = OrderedDict()
		self._lock = threading.Lock()
		self.hits = 0
		self.misses = 0

	def get(self, key):
		with self._lock:
			code = self._items.get(key)
			if code is not None:
				self._items.move_to_end(key)
				self.hits += 1
			else:
				self.misses += 1
			return code

	def put(self, key, code) -> None:
		with self._lock:
			self._items[key] = code
			self._items.move_to_end(key)
			while len(self._items) > self.size:
				self._items.popitem(last=False)

	def clear(self) -> None:
		with self._lock:
			self._items.clear()

	def __len__(self) -> int:
		return len(self._items)


COMPILED = CompiledTemplates()

# Environment options that change the code Jinja generates.
_CODEGEN_OPTIONS = (
	"block_start_string",
	"block_end_string",
	"variable_start_string",
	"variable_end_string",
	"comment_start_string",
	"comment_end_string",
	"line_statement_prefix",
	"line_comment_prefix",
	"trim_blocks",
	"lstrip_blocks",
	"newline_sequence",
	"keep_trailing_newline",
	"optimized",
	"is_async",
)


def signature(jenv) -> int:
	"""Everything about `jenv` that the compiled code depends on (not its globals)."""
	bases = tuple(f"{c.__module__}.{c.__qualname__}" for c in type(jenv).__mro__[1:])
	options = tuple(repr(getattr(jenv, o, None)) for o in _CODEGEN_OPTIONS)
	extensions = tuple(sorted(jenv.extensions))
	# The compiler checks that a filter or test exists and bakes in how it is called.
	filters = tuple(sorted((n, str(getattr(f, "jinja_pass_arg", ""))) for n, f in jenv.filters.items()))
	tests = tuple(sorted((n, str(getattr(f, "jinja_pass_arg", ""))) for n, f in jenv.tests.items()))
	callables = (repr(jenv.finalize), repr(jenv.autoescape))
	return hash((bases, options, extensions, filters, tests, callables))


def install(jenv, cache: CompiledTemplates = COMPILED) -> None:
	"""Make `jenv` (this request's environment) reuse code compiled by earlier requests."""
	if getattr(jenv, "_ralom_compiled_cache", None) is cache:
		return
	original = jenv.compile
	env_signature = signature(jenv)

	def compile(source, name=None, filename=None, raw=False, defer_init=False):
		if raw or not isinstance(source, str):
			return original(source, name, filename, raw, defer_init)
		key = (env_signature, name, filename, defer_init, source)
		code = cache.get(key)
		if code is None:
			code = original(source, name, filename, raw, defer_init)
			cache.put(key, code)
		return code

	jenv.compile = compile
	jenv._ralom_compiled_cache = cache


# ------------------------------------------------------------------------- route resolution

_maps: dict[tuple, object] = {}
_maps_lock = threading.Lock()


def _route_map(rules: list[dict]):
	from werkzeug.routing import Map, Rule

	key = tuple(
		(r["from_route"], r["to_route"], repr(sorted((r.get("defaults") or {}).items()))) for r in rules
	)
	route_map = _maps.get(key)
	if route_map is None:
		route_map = Map(
			[Rule(r["from_route"], endpoint=r["to_route"], defaults=r.get("defaults")) for r in rules]
		)
		with _maps_lock:
			if len(_maps) > 16:  # rules change rarely; keep a few sites' worth
				_maps.clear()
			_maps[key] = route_map
	return route_map


def resolve(path: str) -> str:
	"""Frappe's `path_resolver.resolve_path`, with the routing map built once per rule set."""
	from frappe.website.path_resolver import get_website_rules
	from frappe.website.utils import get_home_page
	from werkzeug.exceptions import NotFound
	from werkzeug.routing.exceptions import RequestRedirect

	if not path:
		path = "index"
	if path.endswith(".html"):
		path = path[:-5]
	if path == "index":
		path = get_home_page()
	frappe.local.path = path
	if path == "index":
		return path
	request = getattr(frappe.local, "request", None)
	if not (request and request.environ):
		return path
	adapter = _route_map(get_website_rules()).bind_to_environ(request.environ)
	try:
		endpoint, args = adapter.match("/" + path)
	except NotFound:
		return path
	except RequestRedirect as e:
		# Frappe answers a strict-slash redirect with a redirect page; so do we.
		frappe.flags.redirect_location = e.new_url
		raise frappe.Redirect(e.code) from None
	if args:
		frappe.local.no_cache = 1
		frappe.local.form_dict.update(args)
	return endpoint


# ------------------------------------------------------------------------- the portal's renderer


def is_portal_path(path: str) -> bool:
	return path == "portal" or path.startswith("portal/")


class PortalPage(TemplatePage):
	"""Frappe's TemplatePage for our own www/portal templates, first in line and compile-cached."""

	def set_template_path(self):
		if is_portal_path(self.path):
			super().set_template_path()

	def can_render(self):
		return (
			is_portal_path(self.path)
			and getattr(self, "app", None) == "ralom_portal"
			and bool(super().can_render())
		)

	def render(self):
		install(frappe.get_jenv())
		return super().render()


# ------------------------------------------------------------------------- icons

# Frappe's full sprites (~300 kB) are inlined in every page of its base template. Portal pages
# draw no Frappe icon themselves; Frappe's web scripts draw these in alerts and dialogs.
ICONS = (
	"icon-close",
	"icon-close-alt",
	"icon-solid-info",
	"icon-solid-success",
	"icon-solid-error",
	"icon-solid-warning",
	"es-line-close",
)
_SPRITES = ("public/icons/timeless/icons.svg", "public/icons/espresso/icons.svg")
_icons: dict[tuple, str] = {}


def portal_icons(*extra: str) -> str:
	"""The few symbols of Frappe's sprites the portal uses, as one hidden inline SVG; `extra` adds
	those a page's own markup draws (the guest pages: Frappe's login form and navbar)."""
	from markupsafe import Markup

	files = [Path(frappe.get_app_path("frappe", p)) for p in _SPRITES]
	key = (*((str(f), f.stat().st_mtime_ns if f.exists() else 0) for f in files), *extra)
	svg = _icons.get(key)
	if svg is None:
		wanted = "|".join(re.escape(i) for i in (*ICONS, *extra))
		pattern = re.compile(rf'<symbol\b[^>]*\bid="(?:{wanted})"[^>]*>.*?</symbol>', re.S)
		symbols = [m.group(0) for f in files if f.exists() for m in pattern.finditer(f.read_text())]
		svg = (
			'<svg aria-hidden="true" style="position:absolute;width:0;height:0;overflow:hidden"'
			' xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>"
		)
		if len(_icons) > 8:  # a few icon sets; an edited sprite file makes new keys
			_icons.clear()
		_icons[key] = svg
	return Markup(svg)
