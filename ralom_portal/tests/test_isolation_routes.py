"""The route gate in process: what a company re-opens, and that decisions are cached.

Over HTTP, as clients and guests: `test_isolation_routes_http.py` and `test_isolation_website_http.py`.
"""

import frappe
import pytest


def test_reopened_routes_let_a_company_give_back_an_erpnext_page():
	"""The settings list re-opens exactly the routes named (and what lies below them)."""
	from ralom_portal.access import routes

	settings = frappe.get_single("Client Portal Settings")
	settings.reopened_routes = "orders\n/shipments/"
	settings.save()
	assert routes.decide("orders")[0] == routes.ALLOW
	assert routes.decide("orders/SAL-ORD-0001")[0] == routes.ALLOW
	assert routes.decide("shipments")[0] == routes.ALLOW
	assert routes.decide("Sales Order")[0] == routes.DENY
	assert routes.decide("invoices")[0] == routes.DENY
	settings.reopened_routes = "orders?x=1"
	with pytest.raises(frappe.ValidationError):
		settings.save()


def test_route_decisions_are_cached_and_cheap():
	"""The gate resolves a path once per process; later requests are a dictionary lookup."""
	import time

	from ralom_portal.access import routes

	frappe.set_user("Guest")
	routes.forget_decisions()
	assert routes.is_allowed("/Sales Invoice") is False
	assert routes.is_allowed("/portal/offers") is True
	queries = frappe.db.sql
	calls = []

	def counting(*args, **kwargs):
		calls.append(args[0])
		return queries(*args, **kwargs)

	frappe.db.sql = counting
	try:
		start = time.perf_counter()
		for _i in range(1000):
			for path in ("/Sales Invoice", "/portal/offers"):
				frappe.local.cache.clear()  # as in a new request
				routes.is_allowed(path)
		elapsed = (time.perf_counter() - start) / 2000
	finally:
		frappe.db.sql = queries
	assert calls == [], calls[:3]  # cached decisions touch no database
	print(f"route gate, cached decision: {elapsed * 1e6:.1f} µs per request")
