"""Quote requests over HTTP, against the served site with the committed demo data."""

from __future__ import annotations

import json

import frappe

from ralom_portal.tests.quote_requests_world import PDF


def test_client_submits_over_http_with_csrf_and_sees_the_request(server, demo_logins):
	logins, password = demo_logins
	from ralom_portal.demo.dataset import CLIENTS

	owner_email = logins[CLIENTS[0]["name"]][0]
	c = server.client(owner_email, password)
	c.open_portal()
	page = c.get("/portal/quote-requests")
	assert page.status_code == 200
	assert "CO-" in page.text
	assert c.get("/portal/quote-requests/new").status_code == 200

	item = frappe.db.get_value("Item", {"ralom_portal_published": 1, "disabled": 0}, "name")
	found = c.get("/api/method/ralom_portal.api.quote_requests.search_items", params={"txt": item})
	assert found.status_code == 200 and item in [r["item_code"] for r in found.json()["message"]]

	data = {
		"items": [{"item_code": item, "qty": 2}],
		"delivery_option": "Pickup from supplier",
		"remarks": "Test HTTP",
		"submission_key": frappe.generate_hash(length=32),
		"customer": CLIENTS[1]["name"],
	}
	r = c.post(
		"/api/method/ralom_portal.api.quote_requests.submit",
		data={"data": json.dumps(data)},
		files=[("files", ("plan.pdf", PDF, "application/pdf"))],
	)
	assert r.status_code == 200, r.text[:500]
	name = r.json()["message"]["name"]
	frappe.db.rollback()
	assert frappe.db.get_value("Quote Request", name, "customer") == CLIENTS[0]["name"]
	assert frappe.get_all(
		"File",
		{"attached_to_doctype": "Quote Request", "attached_to_name": name, "file_name": ["like", "plan%"]},
		pluck="file_name",
	) == ["plan.pdf"]
	detail = c.get(f"/portal/quote-requests/{name}")
	assert detail.status_code == 200 and "plan" in detail.text

	# The same POST without the session's CSRF token is refused; another client gets the one 403.
	bare = server.client(owner_email, password)
	refused = bare.post("/api/method/ralom_portal.api.quote_requests.submit", data={"data": json.dumps(data)})
	assert refused.status_code in (400, 403)
	other = server.client(logins[CLIENTS[1]["name"]][0], password)
	other.open_portal()
	assert other.get(f"/portal/quote-requests/{name}").status_code == 403
	assert (
		other.post("/api/method/ralom_portal.api.quote_requests.cancel", data={"name": name}).status_code
		== 403
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Quote Request", name, "status") == "Submitted"
