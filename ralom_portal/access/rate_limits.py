"""Rate limits for the portal's methods: per signed-in user, per IP only for guests.

Frappe's `rate_limit` keys on the client IP, which Frappe reads from `X-Forwarded-For` as sent (see
README: the proxy must overwrite it). Keyed on the IP, a client could lift its limit by rotating
that header, and colleagues behind one office NAT would share one budget. A signed-in user is who
they are, whatever their IP, so their budget is theirs.
"""

from __future__ import annotations

import functools

import frappe
from frappe import _

from ralom_portal.utils.request_args import check_types


def rate_limit(limit: int, seconds: int):
	"""Allow `limit` calls per `seconds` window, per user (or per IP for guests), per method."""

	def decorator(fn):
		method = f"{fn.__module__}.{fn.__qualname__}"

		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			check(method, limit, seconds)
			# Every portal method passes here, so this is also where its arguments' types are checked.
			check_types(fn, kwargs)
			return fn(*args, **kwargs)

		wrapper.ralom_rate_limit = (limit, seconds)  # tests/test_api_contract_http.py looks for it
		return wrapper

	return decorator


def identity() -> str:
	user = frappe.session.user
	if user and user != "Guest":
		return f"user:{user}"
	return f"ip:{getattr(frappe.local, 'request_ip', None) or 'unknown'}"


def check(method: str, limit: int, seconds: int) -> None:
	if not getattr(frappe.local, "request", None):
		return  # not a web request (background job, console, in-process test), as Frappe's own
	key = frappe.cache.make_key(f"rl:{method}:{identity()}")
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, seconds)
	if count > limit:
		frappe.throw(
			_("Too many requests. Please wait a minute and try again."),
			frappe.RateLimitExceededError,
		)
