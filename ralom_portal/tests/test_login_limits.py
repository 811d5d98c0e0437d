"""Login abuse over HTTP: per-account limits, 429 in the visitor's language, no IP lockout."""

import json
import time

import frappe
import pytest

from ralom_portal.access import login_limits
from ralom_portal.demo import builders

EMAIL = "login.limits@example.ro"
OFFICE_EMAIL = "login.limits.colleague@example.ro"
PASSWORD = "Limits#Test2026"


@pytest.fixture
def accounts(demo_data):
	for email in (EMAIL, OFFICE_EMAIL):
		builders.make_portal_user(email, None, first_name="Limită", password=PASSWORD)
		frappe.cache.hdel(login_limits.CACHE_KEY, email)
	login_limits.disable_frappe_lockout()
	frappe.db.commit()
	yield
	for email in (EMAIL, OFFICE_EMAIL):
		frappe.cache.hdel(login_limits.CACHE_KEY, email)


def _login(server, user, password, ip="10.0.0.1", lang="ro"):
	c = server.client()
	return c.post(
		"/api/method/login",
		data={"usr": user, "pwd": password},
		headers={"X-Forwarded-For": ip, "Accept-Language": lang},
	)


def _message(r) -> str:
	messages = json.loads(r.json()["_server_messages"])
	return json.loads(messages[0])["message"]


def test_delays_grow_and_stop_at_a_hundred_failures_an_hour():
	assert [login_limits.delay_after(n) for n in range(5)] == [0] * 5
	delays = [login_limits.delay_after(n) for n in range(5, 100)]
	assert delays == sorted(delays) and delays[0] == 2 and max(delays) == 15 * 60
	assert login_limits.delay_after(100) == 60 * 60


@pytest.mark.http
def test_locked_account_answers_429_in_romanian_and_a_rotated_ip_does_not_lift_it(server, accounts):
	for i in range(login_limits.FREE_FAILURES):
		r = _login(server, EMAIL, "wrong", ip=f"10.0.0.{i + 1}")
		assert r.status_code == 401, (i, r.status_code, r.text[:200])
	# The account must now wait: any further attempt, from any claimed IP, is refused with 429.
	for ip in ("10.9.9.9", "192.168.1.77", "203.0.113.5, 10.0.0.1"):
		r = _login(server, EMAIL, "wrong", ip=ip)
		assert r.status_code == 429, (ip, r.status_code, r.text[:300])
		assert "Traceback" not in r.text
	# ... even with the right password, and the message is the visitor's language.
	r = _login(server, EMAIL, PASSWORD, ip="172.16.0.1")
	assert r.status_code == 429, r.status_code
	assert "încercări" in _message(r), _message(r)
	assert "attempts" in _message(_login(server, EMAIL, PASSWORD, lang="en"))
	# Attempts refused while waiting are not counted: after the wait, the right password works.
	time.sleep(login_limits.wait_seconds(EMAIL) + 0.5)
	assert _login(server, EMAIL, PASSWORD).status_code == 200
	assert login_limits.wait_seconds(EMAIL) == 0


@pytest.mark.http
def test_failures_on_many_accounts_from_one_ip_do_not_lock_the_office_out(server, accounts):
	"""Frappe's stock lockout blocks the whole client IP (a shared office NAT) after 10 failures."""
	for i in range(12):
		r = _login(server, f"nobody{i}@example.ro", "wrong", ip="198.51.100.7")
		assert r.status_code == 401, (i, r.status_code)
	assert _login(server, OFFICE_EMAIL, PASSWORD, ip="198.51.100.7").status_code == 200
	for i in range(12):
		frappe.cache.hdel(login_limits.CACHE_KEY, f"nobody{i}@example.ro")


@pytest.mark.http
def test_signed_in_rate_limits_follow_the_user_not_a_rotated_forwarded_for(server, accounts):
	"""30 language switches a minute per user: a new X-Forwarded-For per request lifts nothing."""
	frappe.cache.delete_keys("rl:ralom_portal.api.session.")
	c = server.client(EMAIL, PASSWORD)
	c.open_portal()
	method = "/api/method/ralom_portal.api.session.set_language"
	try:
		statuses = [
			c.post(method, data={"language": "ro"}, headers={"X-Forwarded-For": f"10.1.{i}.{i}"}).status_code
			for i in range(31)
		]
		assert statuses[:30] == [200] * 30, statuses
		assert statuses[30] == 429, statuses
	finally:
		frappe.cache.delete_keys("rl:ralom_portal.api.session.")
