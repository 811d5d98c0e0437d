"""Login abuse: a limit per account, with growing delays, answered 429 in the visitor's language.

Stock Frappe locks the *client IP* after 10 failures (one attacker behind a shared office NAT locks
out the whole office) and answers a locked account with HTTP 500. Instead (OWASP ASVS 2.2.1):

- the first few mistakes cost nothing; after that each failure doubles the wait before the
  account may try again (2 s, 4 s ... up to 15 minutes), and never more than 100 failures an hour;
- while an account must wait, every attempt, right or wrong password, answers 429 with a
  translated message and is not counted;
- a successful login clears the account's record.

The key is the account, never the IP, so a rotated `X-Forwarded-For` lifts nothing. (Frappe takes
the client IP from that header as sent: a production proxy must overwrite it, as bench's nginx
config does; see README.) Frappe's own IP/user lockout is switched off by `disable_frappe_lockout`.

Frappe authenticates inside its request setup, before any app hook runs, so the limit works through
the two hooks it offers there: every failure writes an Activity Log (doc event), and every success
runs `on_login` before the session is made. Both raise 429 while the account must wait.
"""

from __future__ import annotations

import time

import frappe
from frappe import _

FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60
MAX_FAILURES_PER_HOUR = 100
WINDOW_SECONDS = 60 * 60
CACHE_KEY = "ralom_portal:login_failures"


def delay_after(failures: int) -> int:
	"""Seconds an account must wait after its n-th failure within the hour."""
	if failures < FREE_FAILURES:
		return 0
	if failures >= MAX_FAILURES_PER_HOUR:
		return WINDOW_SECONDS
	return min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_SECONDS)


def on_failed_login(doc, method=None) -> None:
	"""Activity Log after_insert: count a failed login of this account, or refuse it while it waits."""
	if doc.operation != "Login" or doc.status != "Failed":
		return
	account = _account(doc.user)
	if not account:
		return
	times = _recent_failures(account)
	_refuse_if_waiting(times)
	times.append(time.time())
	_store(account, times)


def on_login(login_manager) -> None:
	"""on_login: the right password does not open an account that must wait."""
	account = _account(login_manager.user)
	times = _recent_failures(account)
	_refuse_if_waiting(times)
	frappe.cache.hdel(CACHE_KEY, account)


def wait_seconds(account: str) -> int:
	times = _recent_failures(_account(account))
	if not times:
		return 0
	return max(0, int(times[-1] + delay_after(len(times)) - time.time() + 0.999))


def disable_frappe_lockout() -> None:
	"""Frappe's lockout keys on the client IP too and answers 500; this module replaces it."""
	frappe.db.set_single_value("System Settings", "allow_consecutive_login_attempts", 0)


def _refuse_if_waiting(times: list[float]) -> None:
	if not times:
		return
	wait = int(times[-1] + delay_after(len(times)) - time.time() + 0.999)
	if wait <= 0:
		return
	frappe.local.lang = _visitor_language()
	frappe.local.flags.disable_traceback = True
	frappe.local.response["message"] = "Too many failed login attempts"
	frappe.throw(
		_("Too many failed sign-in attempts for this account. Try again in {0}.").format(_duration(wait)),
		frappe.TooManyRequestsError,
		title=_("Too many attempts"),
	)


def _duration(seconds: int) -> str:
	if seconds < 120:
		return _("{0} seconds").format(seconds)
	return _("{0} minutes").format((seconds + 59) // 60)


def _recent_failures(account: str) -> list[float]:
	if not account:
		return []
	times = frappe.cache.hget(CACHE_KEY, account) or []
	cutoff = time.time() - WINDOW_SECONDS
	return [t for t in times if t > cutoff]


def _store(account: str, times: list[float]) -> None:
	frappe.cache.hset(CACHE_KEY, account, times[-MAX_FAILURES_PER_HOUR:])


def _account(user: str | None) -> str:
	return (user or "").strip().lower()[:140]


def _visitor_language() -> str:
	"""The language of the sign-in page (the session is not made yet; the account's own language
	would tell whether the account exists)."""
	request = getattr(frappe.local, "request", None)
	supported = ("ro", "en")
	if request is not None:
		cookie = request.cookies.get("preferred_language")
		if cookie in supported:
			return cookie
		for lang in request.accept_languages.values():
			code = lang.split("-")[0].lower()
			if code in supported:
				return code
	return frappe.db.get_single_value("System Settings", "language") or "ro"
