"""The dashboard's action centre: each kind of waiting item appears when due, disappears when handled,
never shows another client's records, and costs one query whatever the data."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.demo import builders
from ralom_portal.portal.queries import actions
from ralom_portal.portal.queries import offers as offer_queries
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs
from ralom_portal.utils.mail import in_language


@pytest.fixture
def waiting_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_waiting)


@pytest.fixture
def waiting(waiting_world):
	"""Client A with one item of every kind waiting (and some that are not yet), client B with its own."""
	return fresh(waiting_world)


def _build_waiting():
	from ralom_portal.tests import factories

	a, ua = factories.client()
	b, _ub = factories.client()
	today = nowdate()
	item = factories.item().name
	offer = factories.quotation(a.name, valid_till=add_days(today, 5))
	overdue = factories.sales_invoice(
		a.name, [(item, 1, 300)], posting_date=add_days(today, -40), due_date=add_days(today, -10)
	)
	soon = factories.sales_invoice(a.name, [(item, 1, 200)], due_date=add_days(today, 3))
	later = factories.sales_invoice(a.name, [(item, 1, 100)], due_date=add_days(today, 30))
	contract = factories.contract(a.name, terms="<p>Servicii.</p>", submit=False, sent=True)
	ticket = factories.ticket(a.name, ua.name, subject="Întrebare despre montaj")
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	conversation.staff_reply(ticket.name, "Ce dată vă convine?")
	project = builders.make_project(a.name, factories.unique("Proiect"))
	milestone = builders.make_task(
		project.name, "Recepție parțială", start=today, end=add_days(today, 2), is_milestone=True
	)
	builders.make_task(
		project.name, "Recepție finală", start=today, end=add_days(today, 40), is_milestone=True
	)
	delivered = factories.shipment(a.name, "Delivered")
	factories.shipment(a.name, "In Transit")  # nothing to do for the client yet
	foreign = factories.quotation(b.name, valid_till=add_days(today, 5))
	foreign_invoice = factories.sales_invoice(
		b.name, [(item, 1, 50)], posting_date=add_days(today, -20), due_date=add_days(today, -1)
	)
	return refs(
		a=a,
		ua=ua,
		b=b,
		offer=offer,
		overdue=overdue,
		soon=soon,
		later=later,
		contract=contract,
		ticket=ticket,
		delivered=delivered,
		project=project,
		milestone=milestone,
		foreign=foreign,
		foreign_invoice=foreign_invoice,
	)


def _items(customer: str) -> list[tuple[str, str]]:
	return [(row.kind, row.name) for row in actions.pending((customer,))["items"]]


def test_every_kind_of_waiting_item_appears_most_urgent_first(waiting):
	w = waiting
	items = _items(w.a.name)
	# Dated items by date, overdue first; then the undated ones by how long they have waited.
	assert items == [
		("invoice", w.overdue.name),  # ten days overdue
		("milestone", w.project.name),  # in two days
		("invoice", w.soon.name),  # in three days
		("offer", w.offer.name),  # five days left to decide
		("contract", w.contract.name),  # sent today
		("shipment", w.delivered.name),  # delivered today
		("ticket", w.ticket.name),  # answered today
	]
	assert ("invoice", w.later.name) not in items
	rows = {r.name: r for r in actions.pending((w.a.name,))["items"]}
	assert rows[w.overdue.name].days == -10 and rows[w.overdue.name].amount == 300
	assert rows[w.offer.name].days == 5 and rows[w.project.name].label == "Recepție parțială"


def test_none_of_another_clients_records(waiting):
	w = waiting
	names = {n for _k, n in _items(w.a.name)}
	assert w.foreign.name not in names and w.foreign_invoice.name not in names
	assert set(_items(w.b.name)) == {("offer", w.foreign.name), ("invoice", w.foreign_invoice.name)}
	assert actions.pending(())["items"] == []


def test_each_item_disappears_once_handled(waiting):
	from ralom_portal.api import contracts as contract_api
	from ralom_portal.ralom_portal.doctype.customer_shipment.client_actions import confirm_receipt
	from ralom_portal.ralom_portal.doctype.portal_contract_signature.signing import terms_hash
	from ralom_portal.ralom_portal.doctype.portal_offer_decision import decide
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	w = waiting
	header = frappe.db.get_value("Quotation", w.offer.name, "*", as_dict=True)
	items, taxes = offer_queries.content_rows(w.offer.name)
	terms = frappe.db.get_value("Contract", w.contract.name, "contract_terms")
	as_user(w.ua.name)
	decide.accept_offer(w.offer.name, offer_queries.content_hash(header, items, taxes))
	contract_api.sign(w.contract.name, "Ana Popescu", 1, terms_hash(terms))
	conversation.client_reply(w.ticket.name, "Joi, la ora 10.", [])
	confirm_receipt(w.delivered.name)
	as_user("Administrator")
	builders.make_payment(w.overdue.name)
	builders.make_payment(w.soon.name)
	frappe.db.set_value("Task", w.milestone.name, "status", "Completed")
	assert _items(w.a.name) == []


def test_the_action_centre_is_one_query_whatever_the_data(factories):
	few, _ = factories.client()
	many, _ = factories.client()
	item = factories.item().name
	for customer, n in ((few, 1), (many, 6)):
		for _i in range(n):
			factories.quotation(customer.name, valid_till=add_days(nowdate(), 3))
			factories.sales_invoice(customer.name, [(item, 1, 100)], due_date=add_days(nowdate(), 2))
	assert len(_items(many.name)) == 12
	assert count_queries(lambda: actions.pending((few.name,))) == 1
	assert count_queries(lambda: actions.pending((many.name,))) == 1


def test_the_dashboard_lists_them_in_romanian(waiting):
	from ralom_portal.tests.test_dashboard import _page

	html = _page("/portal", waiting.ua.name)
	assert "Necesită atenția dvs." in html
	assert f'data-action-kind="invoice" data-action-name="{waiting.overdue.name}"' in html
	assert "restantă de 10 zile" in html and "decideți în 5 zile" in html
	assert "așteaptă semnătura dvs." in html and "așteaptă răspunsul dvs." in html
	assert "Etapă: Recepție parțială" in html
	assert "livrată: vă rugăm să confirmați primirea" in html


def test_a_client_with_nothing_waiting_is_told_so(factories):
	from ralom_portal.tests.test_dashboard import _page

	_customer, user = factories.client()
	html = _page("/portal", user.name)
	assert "Nimic nu necesită atenția dvs. acum." in html


def _counts_in(lang: str) -> str:
	with in_language(lang):
		return frappe.render_template(
			'{% import "templates/portal/macros.html" as ui with context %}'
			"{% for d in [1, 2, 19, 20, 21, 99, 100, 101, 120] %}[{{ ui.n(d) }}]{% endfor %}",
			{},
		)


def test_romanian_counts_put_de_before_the_noun_from_twenty():
	assert _counts_in("ro") == "[1][2][19][20 de][21 de][99 de][100 de][101][120 de]"
	assert _counts_in("en") == "[1][2][19][20][21][99][100][101][120]"


def test_a_count_that_arrives_from_sql_as_a_decimal_is_worded_the_same():
	from decimal import Decimal

	from ralom_portal.utils.words_ro import count_before_noun

	with in_language("ro"):
		assert [count_before_noun(n) for n in (Decimal(25), Decimal(3), 20.0, 2.5, None)] == [
			"25 de",
			"3",
			"20 de",
			"2.5",
			"None",
		]


def test_the_whole_dashboard_costs_the_same_queries_for_5_and_500_records(factories):
	from ralom_portal.portal.queries import dashboard, invoices, notifications

	few, fu = factories.client()
	many, mu = factories.client()
	factories.list_only_invoices(few.name, 5)
	factories.list_only_invoices(many.name, 500)

	def dashboard_of(customer, user):
		customers = (customer.name,)
		return lambda: (
			dashboard.summary(customers),
			invoices.next_due(customers),
			actions.pending(customers),
			notifications.unread_count(customers, user.name),
		)

	assert actions.pending((many.name,))["total"] > actions.pending((few.name,))["total"]
	assert count_queries(dashboard_of(few, fu)) == count_queries(dashboard_of(many, mu))
