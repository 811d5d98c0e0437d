"""Contracts: list and detail, signing exactly once with its evidence, the PDF, and every refusal,
in process. The pages and signing over HTTP: `test_contracts_http.py`."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.api import contracts as api
from ralom_portal.demo import builders
from ralom_portal.portal.queries import contracts as queries
from ralom_portal.tests.contracts_world import DENIED, _hash, _purge, _unsigned
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.race import race
from ralom_portal.tests.worlds import fresh, module_world, refs

# helpers -----------------------------------------------------------------------------------------


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
