"""Two-factor sign-in over HTTP: the code step in Romanian, a wrong code refused and counted, and the two
ways around the code closed (the e-mail login link, the sign-in after a password reset)."""

import re
import secrets

import frappe
import pyotp
import pytest
from frappe.twofactor import get_otpsecret_for_

from ralom_portal.access import login_limits
from ralom_portal.tests.two_factor_world import (
	PASSWORD,
	emailed_body,
	emailed_code,
	make_client,
	two_factor_on,
)

pytestmark = pytest.mark.http

RO = {"Accept-Language": "ro-RO,ro;q=0.9"}


@pytest.fixture
def two_factor(demo_data):
	login_limits.disable_frappe_lockout()
	with two_factor_on("Email"):
		yield


def _signed_in_as(c) -> str:
	return c.get("/api/method/frappe.auth.get_logged_user").json().get("message") or "Guest"


def _password_step(c, email: str):
	r = c.post("/api/method/login", data={"usr": email, "pwd": PASSWORD}, headers=RO)
	assert r.status_code == 200, r.text[:300]
	return r.json()


def test_a_client_gives_the_emailed_code_in_romanian_and_lands_on_the_portal(server, two_factor):
	email = make_client()
	c = server.client()
	step = _password_step(c, email)
	# The password alone makes no session: Frappe asks for the code, in the visitor's language.
	assert step["verification"]["method"] == "Email" and step["tmp_id"]
	assert step["verification"]["prompt"] == "Codul de verificare a fost trimis la adresa dvs. de e-mail."
	assert _signed_in_as(c) == "Guest"

	r = c.post("/api/method/login", data={"otp": emailed_code(email), "tmp_id": step["tmp_id"]}, headers=RO)
	assert r.status_code == 200, r.text[:300]
	assert r.json()["home_page"] == "/portal"
	assert _signed_in_as(c) == email


def test_a_wrong_code_is_refused_in_romanian_and_counts_toward_the_login_limit(server, two_factor):
	email = make_client()
	c = server.client()
	step = _password_step(c, email)
	code = emailed_code(email)
	wrong = "000000" if code != "000000" else "111111"

	r = c.post("/api/method/login", data={"otp": wrong, "tmp_id": step["tmp_id"]}, headers=RO)
	assert r.status_code == 401
	assert r.json()["message"] == "Codul de verificare nu este corect."
	assert _signed_in_as(c) == "Guest"
	assert len(login_limits._recent_failures(email)) == 1
	# The right code still works afterwards (one mistake costs nothing yet).
	r = c.post("/api/method/login", data={"otp": code, "tmp_id": step["tmp_id"]}, headers=RO)
	assert r.status_code == 200 and _signed_in_as(c) == email
	frappe.cache.hdel(login_limits.CACHE_KEY, email)


def test_with_an_authenticator_app_the_client_opens_the_qr_page_and_signs_in_with_its_code(server, demo_data):
	"""The app method: the first sign-in e-mails a link to Frappe's QR code page, which a guest must reach."""
	login_limits.disable_frappe_lockout()
	with two_factor_on("OTP App"):
		email = make_client()
		c = server.client()
		step = _password_step(c, email)
		assert "Nu închideți această fereastră" in step["verification"]["prompt"], step
		key = re.search(r"/qrcode\?k=([A-Za-z0-9]+)", emailed_body(email))
		assert key, "the first sign-in e-mails the QR code link"
		r = server.client().get(f"/qrcode?k={key.group(1)}", headers=RO)
		assert r.status_code == 200, r.status_code
		assert "data:image/svg+xml;base64," in r.text and "Cod QR pentru verificarea autentificării" in r.text

		code = pyotp.TOTP(get_otpsecret_for_(email)).now()  # what the app shows after the scan
		r = c.post("/api/method/login", data={"otp": code, "tmp_id": step["tmp_id"]}, headers=RO)
		assert r.status_code == 200, r.text[:300]
		assert r.json()["home_page"] == "/portal" and _signed_in_as(c) == email


def test_the_email_login_link_does_not_sign_in_a_client_with_two_factor(server, two_factor):
	email = make_client()
	key = secrets.token_hex(16)
	frappe.cache.set_value(f"one_time_login_key:{key}", email, expires_in_sec=600)
	c = server.client()
	r = c.get(f"/api/method/frappe.www.login.login_via_key?key={key}", headers=RO)
	assert r.status_code in (403, 404), r.status_code
	assert "sid" not in r.cookies or r.cookies["sid"] == "Guest"
	assert _signed_in_as(c) == "Guest"


def test_the_email_login_link_method_makes_no_session_for_a_client_with_two_factor(two_factor):
	"""The method as Frappe's request handler resolves it (overrides included), whatever the gate says."""
	email = make_client()
	key = secrets.token_hex(16)
	frappe.cache.set_value(f"one_time_login_key:{key}", email, expires_in_sec=600)
	method = _as_frappe_resolves("frappe.www.login.login_via_key")
	manager, recorder = getattr(frappe.local, "login_manager", None), _Recorder()
	frappe.local.login_manager = recorder
	frappe.set_user("Guest")
	try:
		method(key=key)
	finally:
		frappe.local.login_manager = manager
		frappe.set_user("Administrator")
	assert recorder.signed_in == []
	assert frappe.local.response.get("http_status_code") == 403
	assert frappe.cache.get_value(f"one_time_login_key:{key}") is None, "the link is used up"


def test_a_password_reset_does_not_sign_in_a_client_with_two_factor(server, two_factor):
	email = make_client()
	key = _reset_key(email)
	c = server.client()
	r = c.post(
		"/api/method/frappe.core.doctype.user.user.update_password",
		data={"new_password": "Alt4#Parola-Noua2026", "key": key},
		headers=RO,
	)
	assert r.status_code == 200, r.text[:300]
	assert r.json()["message"] == "/login"
	assert _signed_in_as(c) == "Guest"
	# The new password is set, and signing in with it asks for the code.
	r = c.post("/api/method/login", data={"usr": email, "pwd": "Alt4#Parola-Noua2026"}, headers=RO)
	assert r.status_code == 200 and r.json()["verification"]["method"] == "Email", r.text[:500]
	assert _signed_in_as(c) == "Guest"


def test_without_two_factor_a_password_reset_still_signs_the_client_in(server, demo_data):
	"""The override only narrows: with 2FA off, Frappe's reset behaves as before."""
	email = make_client()
	c = server.client()
	r = c.post(
		"/api/method/frappe.core.doctype.user.user.update_password",
		data={"new_password": "Alt4#Parola-Noua2026", "key": _reset_key(email)},
	)
	assert r.status_code == 200, r.text[:300]
	assert r.json()["message"] != "/login"
	assert _signed_in_as(c) == email


def test_desk_users_keep_frappes_own_two_factor_behaviour(two_factor):
	"""The overrides narrow for portal clients only: a desk user gets Frappe's methods as they are."""
	from frappe.twofactor import should_run_2fa

	from ralom_portal.access import two_factor as portal_two_factor

	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"birou.{secrets.token_hex(4)}@example.ro",
			"first_name": "Birou",
			"user_type": "System User",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)
	# A desk role makes it a System User; Customer is the role with 2FA, so Frappe's code step applies.
	user.add_roles("Sales User", "Customer")
	assert frappe.db.get_value("User", user.name, "user_type") == "System User"
	assert should_run_2fa(user.name)
	assert not portal_two_factor.needs_code(user.name)
	assert portal_two_factor.needs_code(make_client())


def _reset_key(email: str) -> str:
	link = frappe.get_doc("User", email).reset_password(send_email=False)
	frappe.db.commit()
	return link.rsplit("key=", 1)[1]


def _as_frappe_resolves(cmd: str):
	"""frappe.handler.get_attr: the last override_whitelisted_methods hook, else the method itself."""
	for hook in reversed(frappe.get_hooks("override_whitelisted_methods", {}).get(cmd, [])):
		return frappe.get_attr(hook)
	return frappe.get_attr(cmd)


class _Recorder:
	def __init__(self):
		self.signed_in = []

	def login_as(self, user):
		self.signed_in.append(user)
