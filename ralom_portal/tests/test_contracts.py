"""Contracts: list and detail, signing exactly once with its evidence, the PDF, and every refusal."""

from __future__ import annotations

import re

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.api import contracts as api
from ralom_portal.demo import builders
from ralom_portal.portal.queries import contracts as queries
from ralom_portal.ralom_portal.doctype.portal_contract_signature.signing import terms_hash
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.race import race
from ralom_portal.tests.worlds import fresh, module_world, refs

DENIED = "This contract does not exist, cannot be signed, or you do not have access to it."
SIGN = "/api/method/ralom_portal.api.contracts.sign"
PDF = "/api/method/ralom_portal.api.contracts.download_pdf"


# helpers -----------------------------------------------------------------------------------------


def _hash(name: str) -> str:
	return terms_hash(frappe.db.get_value("Contract", name, "contract_terms"))


def _unsigned(name: str):
	assert not frappe.db.get_value("Contract", name, "is_signed")
	assert not frappe.db.get_value("Contract", name, "signee")
	assert not frappe.db.exists("Portal Contract Signature", {"contract": name})


@pytest.fixture
def contract_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_contract_world)


def _build_contract_world():
	from ralom_portal.tests import factories

	customer, user = factories.client()
	contract = factories.contract(
		customer.name,
		terms="<p>Prestări servicii electrice.</p>",
		submit=False,
		sent=True,
		end=add_days(nowdate(), 200),
	)
	return refs(customer=customer, user=user, contract=contract)


@pytest.fixture
def sent(contract_world):
	"""A client with one portal user and a draft contract sent for signature: (customer, user, contract)."""
	w = fresh(contract_world)
	return w.customer, w.user, w.contract


# signing -----------------------------------------------------------------------------------------


def test_client_signs_a_contract_sent_for_signature_and_the_owner_is_notified(sent):
	customer, user, contract = sent
	seen = _hash(contract.name)
	as_user(user.name)
	result = api.sign(contract.name, "  Ana Popescu  ", 1, seen)
	as_user("Administrator")
	assert result["signed"] is True
	c = frappe.get_doc("Contract", contract.name)
	assert (c.is_signed, c.signee, c.docstatus, c.status) == (1, "Ana Popescu", 0, "Active")
	assert c.signed_on
	record = frappe.get_doc("Portal Contract Signature", {"contract": contract.name})
	assert (record.user, record.customer, record.signee) == (user.name, customer.name, "Ana Popescu")
	assert record.terms_hash == seen and len(seen) == 64
	assert record.terms_as_signed == c.contract_terms
	assert frappe.db.exists(
		"Notification Log",
		{"document_type": "Contract", "document_name": contract.name, "for_user": c.owner},
	)
	shown = queries.contract((customer.name,), contract.name)
	assert shown.status == "Active" and not shown.awaiting_signature and shown.is_signed


def test_forged_signee_and_ip_address_in_the_payload_are_ignored(sent):
	_customer, user, contract = sent
	as_user(user.name)
	api.sign(
		contract.name,
		"Ana Popescu",
		"1",
		_hash(contract.name),
		signee="Director General",
		ip_address="6.6.6.6",
		is_signed=0,
	)
	as_user("Administrator")
	values = frappe.db.get_value(
		"Contract", contract.name, ["signee", "ip_address", "is_signed"], as_dict=True
	)
	assert values.signee == "Ana Popescu" and values.ip_address != "6.6.6.6" and values.is_signed == 1


def test_editing_the_terms_after_sending_voids_the_request_and_the_client_signs_the_new_terms(sent):
	customer, user, contract = sent
	old = _hash(contract.name)
	doc = frappe.get_doc("Contract", contract.name)
	doc.contract_terms = "<p>Prestări servicii electrice, termen de plată 15 zile.</p>"
	doc.save(ignore_permissions=True)
	new = _hash(contract.name)
	assert new != old
	assert frappe.db.get_value("Contract", contract.name, "ralom_sent_terms_hash") == new
	as_user(user.name)
	with pytest.raises(frappe.PermissionError) as stale:
		api.sign(contract.name, "Ana Popescu", 1, old)
	assert str(stale.value) == DENIED
	assert queries.contract((customer.name,), contract.name).awaiting_signature
	api.sign(contract.name, "Ana Popescu", 1, new)
	as_user("Administrator")
	assert frappe.db.get_value("Portal Contract Signature", {"contract": contract.name}, "terms_hash") == new


def _refused(user: str, name: str, terms_hash: str = "x" * 64):
	as_user(user)
	with pytest.raises(frappe.PermissionError) as sign_error:
		api.sign(name, "Ana Popescu", 1, terms_hash)
	as_user("Administrator")
	assert str(sign_error.value) == DENIED


def test_another_clients_contract_cannot_be_signed_or_downloaded(sent, factories):
	_customer, _user, contract = sent
	_other, stranger = factories.client()
	_refused(stranger.name, contract.name, _hash(contract.name))
	as_user(stranger.name)
	with pytest.raises(frappe.PermissionError) as pdf_error:
		api.download_pdf(contract.name)
	as_user("Administrator")
	assert str(pdf_error.value) == DENIED
	_unsigned(contract.name)


def test_a_missing_contract_gets_the_same_refusal(sent):
	_customer, user, _contract = sent
	_refused(user.name, "No such contract - 99")
	_refused(user.name, "x" * 10_000)


def test_a_draft_not_sent_for_signature_is_invisible_and_cannot_be_signed(factories):
	customer, user = factories.client()
	draft = factories.contract(customer.name, submit=False)
	_refused(user.name, draft.name, _hash(draft.name))
	_unsigned(draft.name)
	assert queries.contract((customer.name,), draft.name) is None
	assert draft.name not in {c.name for c in queries.list_contracts((customer.name,))}


def test_an_already_signed_contract_cannot_be_signed_again(sent):
	_customer, user, contract = sent
	seen = _hash(contract.name)
	as_user(user.name)
	api.sign(contract.name, "Ana Popescu", 1, seen)
	_refused(user.name, contract.name, seen)
	assert frappe.db.count("Portal Contract Signature", {"contract": contract.name}) == 1
	assert frappe.db.get_value("Contract", contract.name, "signee") == "Ana Popescu"


def test_terms_changed_behind_the_request_make_it_stale(sent):
	"""Even a change that bypasses the form (no renewal) leaves nothing signable: the hash as sent differs."""
	customer, user, contract = sent
	frappe.db.set_value("Contract", contract.name, "contract_terms", "<p>Alt text.</p>")
	_refused(user.name, contract.name, _hash(contract.name))
	_unsigned(contract.name)
	assert queries.contract((customer.name,), contract.name).status == "Unsigned"


def test_a_cancelled_contract_is_invisible(factories):
	customer, user = factories.client()
	contract = factories.contract(customer.name)
	contract.cancel()
	_refused(user.name, contract.name, _hash(contract.name))
	assert queries.contract((customer.name,), contract.name) is None


@pytest.mark.parametrize(
	"full_name, accept, message",
	[
		("", 1, "Your full name is required"),
		(None, 1, "Your full name is required"),
		("   ", 1, "Your full name is required"),
		("x" * 10_240, 1, "at most 140 characters"),
		("Ana <script>alert(1)</script>", 1, "may not contain HTML or scripts"),
		("Ana Popescu", None, "tick the box"),
		("Ana Popescu", "", "tick the box"),
		("Ana Popescu", "0", "tick the box"),
		("Ana Popescu", 0, "tick the box"),
	],
)
def test_sign_refuses_bad_input_with_a_clear_message_and_changes_nothing(sent, full_name, accept, message):
	_customer, user, contract = sent
	as_user(user.name)
	with pytest.raises(frappe.ValidationError, match=message):
		api.sign(contract.name, full_name, accept, _hash(contract.name))
	as_user("Administrator")
	_unsigned(contract.name)


def test_only_staff_with_write_access_can_send_a_contract_for_signature(factories):
	customer, user = factories.client()
	draft = factories.contract(customer.name, submit=False)
	as_user(user.name)
	with pytest.raises(frappe.PermissionError):
		api.send_for_signature(draft.name)
	as_user("Administrator")
	assert not frappe.db.get_value("Contract", draft.name, "ralom_sent_for_signature")
	api.send_for_signature(draft.name)
	assert frappe.db.get_value(
		"Contract", draft.name, ["ralom_sent_for_signature", "ralom_sent_terms_hash"]
	) == (
		1,
		_hash(draft.name),
	)
	assert queries.contract((customer.name,), draft.name).status == queries.AWAITING


# read side ---------------------------------------------------------------------------------------


def test_list_statuses_and_the_expiring_filter(factories):
	customer, _user = factories.client()
	today = nowdate()
	active = factories.contract(
		customer.name, signee="Ana", start=add_days(today, -10), end=add_days(today, 300)
	)
	expiring = factories.contract(
		customer.name, signee="Ana", start=add_days(today, -10), end=add_days(today, 12)
	)
	expired = factories.contract(
		customer.name, signee="Ana", start=add_days(today, -400), end=add_days(today, -5)
	)
	unsigned = factories.contract(customer.name)
	awaiting = factories.contract(customer.name, submit=False, sent=True)
	hidden = factories.contract(customer.name, submit=False)
	rows = {r.name: r for r in queries.list_contracts((customer.name,))}
	assert {n: r.status for n, r in rows.items()} == {
		active.name: "Active",
		expiring.name: "Active",
		expired.name: "Inactive",
		unsigned.name: "Unsigned",
		awaiting.name: queries.AWAITING,
	}
	assert hidden.name not in rows
	assert rows[expiring.name].expiring and rows[expiring.name].days_left == 12
	assert not rows[active.name].expiring
	assert [r.name for r in queries.list_contracts((customer.name,), expiring=True)] == [expiring.name]
	assert [r.name for r in queries.list_contracts((customer.name,), queries.AWAITING)] == [awaiting.name]
	assert len(queries.list_contracts((customer.name,), "' or 1=1 --")) == 5
	assert queries.counts((customer.name,)) == {"total": 5, "awaiting_signature": 1, "expiring": 1}
	from ralom_portal.portal.queries import dashboard

	assert dashboard.summary((customer.name,))["contracts"] == queries.counts((customer.name,))


def test_detail_has_fulfilment_checklist_and_linked_document(factories):
	customer, _user = factories.client()
	project, _tasks = factories.project(customer.name, tasks=1)
	contract = factories.contract(
		customer.name,
		signee="Ana",
		fulfilment=[("Predare proiect", True), ("Recepție", False)],
		deadline=add_days(nowdate(), 10),
		document=("Project", project.name),
	)
	shown = queries.contract((customer.name,), contract.name)
	assert [(r.requirement, r.fulfilled) for r in shown.fulfilment] == [
		("Predare proiect", 1),
		("Recepție", 0),
	]
	assert shown.fulfilment_status == "Partially Fulfilled"
	assert shown.document_route == f"/portal/projects/{project.name}"


def test_contract_list_and_page_query_counts_do_not_grow_with_the_rows(factories):
	few, _u1 = factories.client()
	many, _u2 = factories.client()
	factories.contract(few.name, signee="Ana")
	for i in range(6):
		factories.contract(
			many.name, signee="Ana", fulfilment=[("Pas", bool(i % 2)), ("Pas 2", False)], deadline=nowdate()
		)
	for customer, expected_rows in ((few.name, 1), (many.name, 6)):
		assert len(queries.list_contracts((customer,))) == expected_rows
	n_few = count_queries(lambda: queries.list_contracts((few.name,)))
	n_many = count_queries(lambda: queries.list_contracts((many.name,)))
	assert n_few == n_many == 1
	big = queries.list_contracts((many.name,))[0].name
	small = queries.list_contracts((few.name,))[0].name
	assert count_queries(lambda: queries.contract((few.name,), small)) == 3
	assert count_queries(lambda: queries.contract((many.name,), big)) == 3
	assert count_queries(lambda: queries.counts((many.name,))) == 1


def test_pdf_is_a_pdf_in_the_portal_format(sent):
	_customer, user, contract = sent
	as_user(user.name)
	frappe.local.form_dict = frappe._dict(format="Standard", letterhead="X")
	response = api.download_pdf(contract.name, format="Standard", letterhead="X")
	as_user("Administrator")
	assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
	assert "attachment" in response.headers["Content-Disposition"]


def test_portal_contract_print_format_is_installed():
	assert frappe.db.get_value("Print Format", api.PRINT_FORMAT, ["doc_type", "standard", "disabled"]) == (
		"Contract",
		"Yes",
		0,
	)


# HTTP --------------------------------------------------------------------------------------------


def _purge(names) -> None:
	for name in names:
		frappe.db.sql(
			"delete from `tabContract Fulfilment Checklist` where parenttype = 'Contract' and parent = %s",
			name,
		)
		frappe.db.sql("delete from `tabPortal Contract Signature` where contract = %s", name)
		frappe.db.sql(
			"delete from `tabNotification Log` where document_type = 'Contract' and document_name = %s", name
		)
		frappe.db.sql("delete from `tabContract` where name = %s", name)
	frappe.db.commit()


def _reset_rate_limit():
	frappe.cache.delete_keys("rl:ralom_portal.api.contracts.sign")


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


def test_two_concurrent_sign_calls_record_one_signature(demo_data, demo_logins):
	logins, _password = demo_logins
	customer, users = list(logins.items())[1]
	contract = builders.make_contract(customer, terms="<p>Concurență.</p>", submit=False, sent=True)
	frappe.db.commit()
	seen = _hash(contract.name)
	full_names = ("Mihai Ionescu", "Mihai I.")

	def sign(thread):
		api.sign(contract.name, full_names[thread], 1, seen)

	try:
		outcomes: list[str] = []
		for full_name, result in zip(full_names, race(2, sign, user=users[0]), strict=True):
			if isinstance(result, frappe.PermissionError):
				outcomes.append("refused")
			elif isinstance(result, Exception):
				outcomes.append(f"error:{type(result).__name__}:{result}")
			else:
				outcomes.append("signed:" + full_name)
		frappe.db.rollback()
		assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "signed"], outcomes
		winner = next(o.split(":", 1)[1] for o in outcomes if o.startswith("signed"))
		assert frappe.db.count("Portal Contract Signature", {"contract": contract.name}) == 1
		assert frappe.db.get_value("Contract", contract.name, "signee") == winner
	finally:
		frappe.db.rollback()
		_purge([contract.name])


def test_terms_the_client_signed_cannot_be_edited_afterwards(sent):
	_customer, user, contract = sent
	as_user(user.name)
	api.sign(contract.name, "Ana Popescu", 1, _hash(contract.name))
	as_user("Administrator")
	doc = frappe.get_doc("Contract", contract.name)
	doc.contract_terms = "<p>Altceva.</p>"
	with pytest.raises(frappe.ValidationError, match="cannot be changed"):
		doc.save(ignore_permissions=True)
	doc.reload()
	doc.submit()
	assert frappe.db.get_value("Contract", contract.name, ["docstatus", "is_signed"]) == (1, 1)
