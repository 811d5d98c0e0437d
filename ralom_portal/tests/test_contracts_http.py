"""Contracts over HTTP (committed demo data, served site): the list and the page, signing with the
server's evidence, and every refusal."""

from __future__ import annotations

import re

import frappe
import pytest

from ralom_portal.demo import builders
from ralom_portal.tests.contracts_world import DENIED, PDF, SIGN, _purge, _reset_rate_limit, _unsigned


@pytest.fixture(scope="module")
def client_a(server, demo_logins):
	logins, password = demo_logins
	customer, users = list(logins.items())[0]
	c = server.client(users[0], password)
	c.open_portal()
	return customer, c


def test_contracts_page_lists_the_demo_contracts_in_romanian(client_a, demo_logins):
	customer, c = client_a
	logins, _password = demo_logins
	other = list(logins)[1]
	r = c.get("/portal/contracts")
	assert r.status_code == 200
	mine = frappe.get_all(
		"Contract",
		{"party_name": customer, "docstatus": ["<", 2]},
		["name", "docstatus", "ralom_sent_for_signature"],
	)
	for row in mine:
		if row.docstatus == 1 or row.ralom_sent_for_signature:
			assert f'data-contract="{frappe.utils.escape_html(row.name)}"' in r.text
	for name in frappe.get_all("Contract", {"party_name": other}, pluck="name"):
		assert f'data-contract="{frappe.utils.escape_html(name)}"' not in r.text
	assert "Așteaptă semnătura dumneavoastră" in r.text
	# Romanian counts: "expiră în 12 zile" but "expiră în 25 de zile".
	match = re.search(r"expiră în (\d+) (de )?zile", r.text)
	assert match and bool(match.group(2)) == (int(match.group(1)) % 100 >= 20)
	assert "Contracte" in r.text
	expiring = c.get("/portal/contracts", params={"expiring": "1"})
	assert expiring.status_code == 200 and expiring.text.count('data-expiring="') == 1


def test_contract_page_renders_terms_without_script(client_a):
	customer, c = client_a
	contract = builders.make_contract(customer, signee="Ana")
	# Written past Frappe's own save-time sanitiser (which escapes tags), as an import or a patch
	# could: the page's clean_html is what must neutralise it.
	frappe.db.set_value(
		"Contract",
		contract.name,
		"contract_terms",
		'<p>Plata la 30 zile</p><script>alert("xss")</script><img src=x onerror="alert(2)">'
		'<a href="javascript:alert(3)">link</a>',
	)
	frappe.db.commit()
	try:
		r = c.get(f"/portal/contracts/{contract.name}")
		assert r.status_code == 200
		terms = re.search(r"<div class=\"ralom-terms mb-3\" data-terms>(.*?)</div>", r.text, re.S).group(1)
		assert "<p>Plata la 30 zile</p>" in terms
		assert "<script" not in terms and "<img" not in terms and "<a " not in terms
		assert not re.search(r"<[^>]*\bon\w+\s*=", terms)
		assert 'alert("xss")' not in r.text and "javascript:alert" not in r.text
		pdf = c.get(PDF, params={"name": contract.name})
		assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
	finally:
		_purge([contract.name])


def test_another_clients_contract_page_and_pdf_are_403(client_a, demo_logins):
	_customer, c = client_a
	logins, _password = demo_logins
	foreign = frappe.db.get_value("Contract", {"party_name": list(logins)[1], "docstatus": 1})
	for path, params in ((f"/portal/contracts/{foreign}", None), (PDF, {"name": foreign})):
		r = c.get(path, params=params)
		assert r.status_code == 403 and foreign not in r.text and b"%PDF" not in r.content
	assert c.get("/portal/contracts/Nu exista - 9").status_code == 403


def test_sign_over_http_records_the_servers_evidence_and_refuses_get_and_rapid_repeats(server, demo_logins):
	logins, password = demo_logins
	customer, users = list(logins.items())[2]
	contract = builders.make_contract(customer, terms="<p>Contract HTTP.</p>", submit=False, sent=True)
	frappe.db.commit()
	_reset_rate_limit()
	try:
		c = server.client(users[0], password)
		c.open_portal()
		page = c.get(f"/portal/contracts/{contract.name}")
		assert page.status_code == 200 and 'data-action="sign"' in page.text
		seen = re.search(r'data-terms-hash="([0-9a-f]{64})"', page.text).group(1)
		payload = {"name": contract.name, "full_name": "Elena Dumitru", "accept": "1", "terms_hash": seen}
		get = c.get(SIGN, params=payload)
		assert get.status_code in (403, 405)
		unticked = c.post(SIGN, data={**payload, "accept": ""})
		assert unticked.status_code == 417 and "tick the box" in unticked.text
		frappe.db.rollback()
		_unsigned(contract.name)
		r = c.post(
			SIGN,
			data={**payload, "signee": "Forged", "ip_address": "6.6.6.6"},
			headers={"User-Agent": "ralom-contract-test/1.0"},
		)
		assert r.status_code == 200, r.text[:500]
		again = c.post(SIGN, data=payload)
		assert again.status_code == 403 and DENIED in again.text
		frappe.db.rollback()
		values = frappe.db.get_value("Contract", contract.name, ["signee", "ip_address", "is_signed"])
		assert values == ("Elena Dumitru", "127.0.0.1", 1)
		record = frappe.get_doc("Portal Contract Signature", {"contract": contract.name})
		assert (record.user, record.user_agent, record.ip_address, record.terms_hash) == (
			users[0],
			"ralom-contract-test/1.0",
			"127.0.0.1",
			seen,
		)
		signed_page = c.get(f"/portal/contracts/{contract.name}")
		assert 'data-action="sign"' not in signed_page.text and "Elena Dumitru" in signed_page.text
		# Rapid repeats hit the rate limit (10 a minute).
		codes = [c.post(SIGN, data=payload).status_code for _ in range(10)]
		assert 429 in codes, codes
	finally:
		_reset_rate_limit()
		frappe.db.rollback()
		_purge([contract.name])
