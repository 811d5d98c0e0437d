"""Who did it, from where: the evidence row a client's binding act keeps (an offer decision, a
contract signature; the IP alone for a registration's consent).

Frappe resolves the caller's IP (`frappe.local.request_ip`, behind the proxy's forwarded header
when configured); outside a web request (a test, a console) there is none and the fields stay
empty instead of failing.
"""

from __future__ import annotations

import frappe
from frappe.utils import cstr

# The longest User-Agent kept: the evidence fields are Small Text, and a longer header says no more.
USER_AGENT_MAX = 1000


def request_ip() -> str | None:
	return getattr(frappe.local, "request_ip", None)


def request_evidence() -> dict:
	"""`ip_address` and `user_agent` of the current request (None each when there is none)."""
	request = getattr(frappe.local, "request", None)
	user_agent = request.headers.get("User-Agent") if request else None
	return {"ip_address": request_ip(), "user_agent": cstr(user_agent)[:USER_AGENT_MAX] or None}
