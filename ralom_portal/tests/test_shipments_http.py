"""Shipments over HTTP (committed demo data, served site): the pages, the proof of delivery, and
client B reaching nothing of client A's."""

from __future__ import annotations

import frappe
import pytest


@pytest.mark.http
def test_shipment_pages_over_http_and_client_b_reaches_nothing_of_a(server, demo_logins):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	a_name, b_name = CLIENTS[0]["name"], CLIENTS[1]["name"]
	delivered = frappe.db.get_value("Customer Shipment", {"customer": a_name, "status": "Delivered"})
	preparing = frappe.db.get_value("Customer Shipment", {"customer": a_name, "status": "Preparing"})
	proof = frappe.db.get_value(
		"File",
		{"attached_to_doctype": "Customer Shipment", "attached_to_name": delivered},
		["name", "file_url"],
	)
	invoice = frappe.db.get_value(
		"Customer Shipment Document", {"parent": delivered, "link_doctype": "Sales Invoice"}, "link_name"
	)
	assert delivered and preparing and proof and invoice
	a = server.client(logins[a_name][0], password)
	r = a.get("/portal/shipments")
	assert r.status_code == 200 and delivered in r.text and "Expedieri" in r.text
	for ro in ("În pregătire", "În tranzit", "În curs de livrare", "Livrat", "Problemă", "Returnat"):
		assert ro in r.text, ro
	assert 'rel="noopener noreferrer"' in r.text and "data-late" in r.text
	r = a.get("/portal/shipments", params={"status": "Delivered"})
	assert delivered in r.text and preparing not in r.text
	r = a.get(f"/portal/shipments/{delivered}")
	assert r.status_code == 200 and "data-timeline" in r.text
	assert f'href="/portal/invoices/{invoice}"' in r.text and f"name={proof[0]}" in r.text
	timeline = r.text.split("data-timeline")[1].split("</ol>")[0]
	assert timeline.count("data-event-status=") >= 4
	for ro in ("Expediat", "În tranzit", "Livrat", "Recepționat de magazioner."):
		assert ro in timeline, ro
	assert a.get("/api/method/ralom_portal.api.files.download", params={"name": proof[0]}).status_code == 200
	r = a.get(f"/portal/shipments/{preparing}")
	assert r.status_code == 200 and 'data-action="confirm-receipt"' not in r.text
	# The dashboard lists the shipments on the way (Shipped, In Transit, Out for Delivery), late ones marked.
	on_the_way = frappe.get_all(
		"Customer Shipment",
		{"customer": a_name, "status": ("in", ("Shipped", "In Transit", "Out for Delivery"))},
		pluck="name",
	)
	r = a.get("/portal")
	assert r.status_code == 200 and f'data-count="{len(on_the_way)}"' in r.text
	assert all(f'data-shipment="{n}"' in r.text for n in on_the_way)
	# Delivered is not on the way (the action centre may still ask the client to confirm receipt).
	assert f'data-shipment="{delivered}"' not in r.text
	assert "Expedieri în tranzit" in r.text and "data-late" in r.text

	b = server.client(logins[b_name][0], password)
	b.open_portal()
	assert b.get(f"/portal/shipments/{delivered}").status_code == 403
	assert b.get("/portal/shipments/SHP-99999").status_code == 403
	assert delivered not in b.get("/portal/shipments").text
	for path, params in (
		("/api/method/ralom_portal.api.files.download", {"name": proof[0]}),
		(proof[1], {}),
		("/api/method/frappe.client.get", {"doctype": "File", "name": proof[0]}),
		(f"/api/resource/File/{proof[0]}", {}),
		("/api/method/frappe.utils.file_manager.download_file", {"file_url": proof[1]}),
	):
		r = b.get(path, params=params)
		assert r.status_code in (403, 404), (path, r.status_code)
		assert b"%PDF" not in r.content, path
	r = b.post("/api/method/ralom_portal.api.shipments.confirm_receipt", data={"name": delivered})
	assert r.status_code == 403 and delivered not in r.text
