"""Offers: the detail page data, accept / reject exactly once, the PDF, and every refusal, in process.
The pages and the decisions over HTTP: `test_offers_http.py`."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.api import offers as api
from ralom_portal.portal.queries import offers as queries
from ralom_portal.ralom_portal.doctype.portal_offer_decision.decide import AlreadyDecided
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.offers_world import _hash, _purge
from ralom_portal.tests.race import race
from ralom_portal.tests.worlds import fresh, module_world, refs

DENIED = "This offer does not exist or you do not have access to it."


# helpers -----------------------------------------------------------------------------------------


def _unchanged(name: str, status: str = "Open"):
	assert frappe.db.get_value("Quotation", name, "status") == status
	assert not frappe.db.exists("Portal Offer Decision", {"quotation": name})
	assert not frappe.db.exists("Sales Order Item", {"prevdoc_docname": name})
	assert not frappe.db.get_value("Quotation", name, "ralom_portal_decision")


def _reason() -> str:
	name = "Portal test reason"
	if not frappe.db.exists("Quotation Lost Reason", name):
		frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": name}).insert(
			ignore_permissions=True
		)
	return name


@pytest.fixture
def offer_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_offer_world)


def _build_offer_world():
	from ralom_portal.tests import factories

	customer, user = factories.client()
	q = factories.quotation(
		customer.name,
		[(factories.item().name, 3, 120), (factories.item().name, 1, 500)],
		valid_till=add_days(nowdate(), 10),
	)
	return refs(customer=customer, user=user, q=q)


@pytest.fixture
def offer(offer_world):
	"""A client with one portal user and an open, valid offer: (customer, user, quotation)."""
	w = fresh(offer_world)
	return w.customer, w.user, w.q


def _set_on_accept(value: str):
	frappe.db.set_single_value("Client Portal Settings", "on_offer_accept", value)


# accept ------------------------------------------------------------------------------------------


def test_client_accepts_own_offer_and_a_draft_sales_order_is_made_from_it(offer):
	customer, user, q = offer
	_set_on_accept("Create draft Sales Order")
	as_user(user.name)
	result = api.accept(q.name, _hash(q.name))
	as_user("Administrator")
	so = frappe.get_doc("Sales Order", result["sales_order"])
	assert so.docstatus == 0
	assert so.customer == customer.name
	assert {(i.item_code, i.qty, i.rate, i.prevdoc_docname) for i in so.items} == {
		(i.item_code, i.qty, i.rate, q.name) for i in q.items
	}
	assert so.delivery_date
	decision = frappe.get_doc("Portal Offer Decision", {"quotation": q.name})
	assert decision.decision == "Accepted"
	assert decision.user == user.name
	assert decision.customer == customer.name
	assert decision.sales_order == so.name
	assert decision.content_hash == _hash(q.name) and len(decision.content_hash) == 64
	assert decision.decided_at
	assert frappe.db.get_value("Quotation", q.name, ["ralom_portal_decision", "ralom_portal_decided_by"]) == (
		"Accepted",
		user.name,
	)
	assert frappe.db.exists("Notification Log", {"document_type": "Quotation", "document_name": q.name})


def test_accept_only_marks_accepted_when_the_setting_says_so(offer):
	_customer, user, q = offer
	_set_on_accept("Mark accepted only")
	as_user(user.name)
	result = api.accept(q.name, _hash(q.name))
	as_user("Administrator")
	assert result["sales_order"] is None
	assert not frappe.db.exists("Sales Order Item", {"prevdoc_docname": q.name})
	assert frappe.db.get_value("Portal Offer Decision", {"quotation": q.name}, "decision") == "Accepted"


def test_accepted_offer_shows_as_accepted_and_is_no_longer_decidable(offer):
	customer, user, q = offer
	as_user(user.name)
	api.accept(q.name, _hash(q.name))
	shown = queries.offer((customer.name,), q.name)
	assert shown.status == "Accepted" and not shown.decidable
	assert [r.status for r in queries.list_offers((customer.name,), "Accepted")] == ["Accepted"]
	assert queries.list_offers((customer.name,), "Open") == []


def test_second_accept_is_refused_as_already_decided(offer):
	_customer, user, q = offer
	as_user(user.name)
	api.accept(q.name, _hash(q.name))
	with pytest.raises(AlreadyDecided, match="already been decided"):
		api.accept(q.name, _hash(q.name))
	with pytest.raises(AlreadyDecided):
		api.reject(q.name, _reason())
	as_user("Administrator")
	assert frappe.db.count("Portal Offer Decision", {"quotation": q.name}) == 1
	assert len(set(frappe.get_all("Sales Order Item", {"prevdoc_docname": q.name}, pluck="parent"))) == 1


def test_tampered_content_hash_is_refused_and_changes_nothing(offer):
	_customer, user, q = offer
	as_user(user.name)
	with pytest.raises(frappe.ValidationError, match="The offer changed; reload the page"):
		api.accept(q.name, "0" * 64)
	with pytest.raises(frappe.ValidationError, match="The offer changed"):
		api.accept(q.name, None)
	as_user("Administrator")
	_unchanged(q.name)


def test_offer_changed_after_the_page_was_loaded_is_refused(offer):
	_customer, user, q = offer
	seen = _hash(q.name)
	frappe.db.set_value("Quotation Item", q.items[0].name, "qty", 30)
	as_user(user.name)
	with pytest.raises(frappe.ValidationError, match="The offer changed"):
		api.accept(q.name, seen)
	as_user("Administrator")
	_unchanged(q.name)


def test_expired_offer_still_marked_open_cannot_be_accepted(factories):
	customer, user = factories.client()
	q = factories.quotation(
		customer.name, transaction_date=add_days(nowdate(), -30), valid_till=add_days(nowdate(), 10)
	)
	frappe.db.set_value("Quotation", q.name, "valid_till", add_days(nowdate(), -1))
	assert frappe.db.get_value("Quotation", q.name, "status") == "Open"
	as_user(user.name)
	assert not queries.offer((customer.name,), q.name).decidable
	with pytest.raises(frappe.ValidationError, match="expired"):
		api.accept(q.name, _hash(q.name))
	with pytest.raises(frappe.ValidationError, match="expired"):
		api.reject(q.name, _reason())
	as_user("Administrator")
	_unchanged(q.name)


def test_amended_predecessor_cannot_be_accepted(offer, factories):
	customer, user, q = offer
	newer = factories.quotation(customer.name)
	frappe.db.set_value("Quotation", newer.name, "amended_from", q.name)
	as_user(user.name)
	assert not queries.offer((customer.name,), q.name).decidable
	with pytest.raises(frappe.ValidationError, match="newer version"):
		api.accept(q.name, _hash(q.name))
	as_user("Administrator")
	_unchanged(q.name)


def _refused_as_denied(user: str, name: str):
	as_user(user)
	with pytest.raises(frappe.PermissionError) as accept_error:
		api.accept(name, "x")
	with pytest.raises(frappe.PermissionError) as reject_error:
		api.reject(name, _reason())
	with pytest.raises(frappe.PermissionError) as pdf_error:
		api.download_pdf(name)
	as_user("Administrator")
	for e in (accept_error, reject_error, pdf_error):
		assert str(e.value) == DENIED


def test_customer_b_cannot_accept_customer_a_offer(offer, factories):
	_customer, _user, q = offer
	_other, stranger = factories.client()
	_refused_as_denied(stranger.name, q.name)
	_unchanged(q.name)


def test_nonexistent_offer_gets_the_same_error_as_another_clients(offer):
	_customer, user, _q = offer
	_refused_as_denied(user.name, "SAL-QTN-DOES-NOT-EXIST")


def test_draft_offer_cannot_be_decided(factories):
	customer, user = factories.client()
	q = factories.quotation(customer.name, submit=False)
	_refused_as_denied(user.name, q.name)
	_unchanged(q.name, "Draft")


def test_cancelled_offer_cannot_be_decided(offer):
	_customer, user, q = offer
	q.reload()
	q.cancel()
	_refused_as_denied(user.name, q.name)
	_unchanged(q.name, "Cancelled")


def test_lost_and_ordered_offers_cannot_be_decided(offer, factories):
	customer, user, q = offer
	from ralom_portal.demo import builders

	builders.mark_quotation_lost(q.name, _reason())
	ordered = factories.quotation(customer.name)
	builders.order_quotation(ordered.name)
	as_user(user.name)
	for name in (q.name, ordered.name):
		with pytest.raises(frappe.ValidationError, match="can no longer be decided"):
			api.accept(name, _hash(name))
	as_user("Administrator")
	assert not frappe.db.exists("Portal Offer Decision", {"quotation": ["in", [q.name, ordered.name]]})


# reject ------------------------------------------------------------------------------------------


def test_client_rejects_own_offer_and_erpnext_marks_it_lost_with_the_reason(offer):
	customer, user, q = offer
	reason = _reason()
	as_user(user.name)
	api.reject(q.name, reason, "  Am găsit un <b>preț</b> mai bun.  ")
	as_user("Administrator")
	q.reload()
	assert q.status == "Lost"
	assert [r.lost_reason for r in q.lost_reasons] == [reason]
	assert q.order_lost_reason == "Am găsit un preț mai bun."
	decision = frappe.get_doc("Portal Offer Decision", {"quotation": q.name})
	assert (decision.decision, decision.lost_reason, decision.user) == ("Rejected", reason, user.name)
	assert decision.detail == "Am găsit un preț mai bun."
	assert q.ralom_portal_decision == "Rejected"
	assert not frappe.db.exists("Sales Order Item", {"prevdoc_docname": q.name})
	assert queries.offer((customer.name,), q.name).status == "Rejected"


@pytest.mark.parametrize(
	"reason, detail, message",
	[
		(None, "", "choose a reason"),
		("", "", "choose a reason"),
		("No such reason at all", "", "listed reasons"),
		("x" * 1_000_000, "", "listed reasons"),
		("__REASON__", "x" * 1_000_000, "at most 1000"),
		("__REASON__", "x" * 1001, "at most 1000"),
		("__REASON__", "ok <script>alert(1)</script>", "HTML or scripts"),
		("__REASON__", '<img src=x onerror="alert(1)">', "HTML or scripts"),
		("__REASON__", "<SCRIPT src=//evil>", "HTML or scripts"),
	],
)
def test_reject_refuses_bad_input_and_changes_nothing(offer, reason, detail, message):
	_customer, user, q = offer
	if reason == "__REASON__":
		reason = _reason()
	as_user(user.name)
	with pytest.raises(frappe.ValidationError, match=message):
		api.reject(q.name, reason, detail)
	as_user("Administrator")
	_unchanged(q.name)


# PDF ---------------------------------------------------------------------------------------------


def test_pdf_ignores_format_letterhead_and_settings_arguments(offer):
	_customer, user, q = offer
	as_user(user.name)
	frappe.local.form_dict = frappe._dict(format="Standard", letterhead="X", settings='{"x": 1}')
	response = api.download_pdf(q.name, format="Standard", letterhead="X", settings="{}")
	assert response.mimetype == "application/pdf"
	assert response.data.startswith(b"%PDF")
	assert response.headers["X-Content-Type-Options"] == "nosniff"
	assert "attachment" in response.headers["Content-Disposition"]


# concurrency -------------------------------------------------------------------------------------


def test_two_concurrent_accepts_make_exactly_one_decision_and_one_sales_order(
	demo_data, demo_logins, factories
):
	logins, _password = demo_logins
	customer, users = list(logins.items())[1]
	q = factories.quotation(
		customer, [("RP-CONS", 2, 250), ("RP-MENT", 1, 1200)], valid_till=add_days(nowdate(), 5)
	)
	frappe.db.commit()
	content = _hash(q.name)

	def accept(_thread):
		return api.accept(q.name, content)

	try:
		outcomes: list[str] = []
		for result in race(2, accept, user=users[0]):
			if isinstance(result, AlreadyDecided):
				outcomes.append("already")
			elif isinstance(result, Exception):
				outcomes.append(f"error:{type(result).__name__}:{result}")
			else:
				outcomes.append("accepted:" + str(result["sales_order"]))
		frappe.db.rollback()
		assert sorted(o.split(":")[0] for o in outcomes) == ["accepted", "already"], outcomes
		assert frappe.db.count("Portal Offer Decision", {"quotation": q.name}) == 1
		orders = set(frappe.get_all("Sales Order Item", {"prevdoc_docname": q.name}, pluck="parent"))
		assert len(orders) == 1
	finally:
		frappe.db.rollback()
		for so in set(frappe.get_all("Sales Order Item", {"prevdoc_docname": q.name}, pluck="parent")):
			_purge("Sales Order", so)
		frappe.db.sql("delete from `tabPortal Offer Decision` where quotation = %s", q.name)
		frappe.db.sql(
			"delete from `tabNotification Log` where document_type = 'Quotation' and document_name = %s",
			q.name,
		)
		_purge("Quotation", q.name)


def test_portal_print_format_is_installed_as_a_standard_jinja_format():
	# Staff preview the client's PDF in the desk through this print format (same layout body).
	pf = frappe.db.get_value(
		"Print Format",
		"Ralom Portal Quotation",
		["standard", "doc_type", "module", "disabled", "custom_format"],
		as_dict=True,
	)
	assert pf == {
		"standard": "Yes",
		"doc_type": "Quotation",
		"module": "Ralom Portal",
		"disabled": 0,
		"custom_format": 1,
	}


def test_offer_terms_are_sanitised_on_the_page_data(offer):
	customer, _user, q = offer
	frappe.db.set_value(
		"Quotation",
		q.name,
		"terms",
		"<p>Plata la 30 zile</p><script>alert(1)</script><img src=x onerror=alert(2)>",
	)
	shown = queries.offer((customer.name,), q.name)
	cleaned = frappe.utils.html_utils.clean_html(shown.terms)
	assert "<p>Plata la 30 zile</p>" in cleaned
	assert "<script" not in cleaned and "onerror" not in cleaned


def test_offer_list_uses_a_fixed_number_of_queries(offer, factories):
	customer, _user, _q = offer
	for _ in range(3):
		factories.quotation(customer.name)
	from unittest import mock

	with mock.patch.object(frappe.db, "sql", wraps=frappe.db.sql) as sql:
		rows = queries.list_offers((customer.name,))
	assert len(rows) == 4
	assert sql.call_count == 1
