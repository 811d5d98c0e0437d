"""Invoices, payments and the statement of account (issue 12): the query modules.

The ledger scenario is built through ERPNext's controllers (invoices, a credit note, receipts, an
advance, a journal entry, a second currency); the statement and the ageing are then compared with
ERPNext's own General Ledger and Accounts Receivable reports, to the cent.
"""

import frappe
import pytest
from frappe.utils import add_days, flt, getdate, nowdate

from ralom_portal.demo import finance
from ralom_portal.portal.queries import invoices as inv_q
from ralom_portal.portal.queries import params
from ralom_portal.portal.queries import payments as pay_q
from ralom_portal.portal.queries import statement as st_q
from ralom_portal.setup.company import default_company
from ralom_portal.tests.worlds import fresh, module_world, refs


def _days(n):
	return add_days(nowdate(), n)


@pytest.fixture
def ledger_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_ledger)


@pytest.fixture
def ledger(ledger_world):
	"""A client acting for a RON customer and a EUR customer, with every kind of ledger entry."""
	return fresh(ledger_world)


def _build_ledger():
	from ralom_portal.tests import factories

	ron, user = factories.client()
	eur = factories.customer()
	from ralom_portal.access import links

	links.link_user(eur.name, user.name)
	item = factories.item(rate=1000).name
	s = frappe._dict(ron=ron.name, eur=eur.name, user=user.name, customers=(ron.name, eur.name), item=item)
	# RON: paid, partly paid with a credit note against it, overdue with a journal credit, not yet due.
	s.paid = factories.sales_invoice(
		ron.name, [(item, 1, 1000)], posting_date=_days(-100), due_date=_days(-70)
	)
	s.partly = factories.sales_invoice(
		ron.name, [(item, 2, 1000)], posting_date=_days(-50), due_date=_days(-40), po_no="PO-ALFA-7"
	)
	s.overdue = factories.sales_invoice(
		ron.name, [(item, 1, 800)], posting_date=_days(-130), due_date=_days(-100)
	)
	s.not_due = factories.sales_invoice(
		ron.name, [(item, 1, 1500)], posting_date=_days(-10), due_date=_days(20)
	)
	s.pay_full = factories.payment(s.paid.name, posting_date=_days(-80))
	s.credit_note = finance.make_credit_note(s.partly.name, 1, posting_date=_days(-45))
	s.split = finance.make_customer_payment(
		ron.name,
		700,
		[(s.partly.name, 500), (s.overdue.name, 200)],
		posting_date=_days(-30),
		reference="OP-SPLIT",
	)
	s.journal = finance.make_journal_credit(ron.name, 50, invoice=s.overdue.name, posting_date=_days(-20))
	s.advance_ron = finance.make_customer_payment(ron.name, 300, posting_date=_days(-5), reference="AVANS-1")
	# EUR: an invoice partly paid, and an advance.
	s.eur_account = finance.ensure_currency_account("EUR", 5.0)
	finance.set_customer_currency(eur.name, "EUR", s.eur_account)
	s.eur_inv = factories.sales_invoice(
		eur.name,
		[(item, 1, 400)],
		posting_date=_days(-45),
		due_date=_days(-35),
		currency="EUR",
		conversion_rate=5.0,
	)
	# Paid at another rate than invoiced: ERPNext books an exchange gain (a journal with nothing in EUR).
	s.eur_pay = finance.make_customer_payment(
		eur.name, 150, [(s.eur_inv.name, 150)], posting_date=_days(-20), rate=5.2
	)
	s.eur_advance = finance.make_customer_payment(eur.name, 100, posting_date=_days(-3), reference="ADV-EUR")
	return refs(**s)


# Invoices list ------------------------------------------------------------------------------------


def test_invoice_list_shows_statuses_amounts_and_totals_per_currency(ledger):
	data = inv_q.invoice_list(ledger.customers)
	rows = {r.name: r for r in data["invoices"]}
	assert rows[ledger.paid.name].portal_status == "Paid"
	assert rows[ledger.partly.name].portal_status == "Overdue"  # due 40 days ago, 500 still open
	assert rows[ledger.partly.name].outstanding_amount == 500
	assert rows[ledger.partly.name].credited == 1000 and rows[ledger.partly.name].paid == 500
	assert rows[ledger.overdue.name].days_overdue == 100
	assert rows[ledger.not_due.name].portal_status == "Unpaid"
	assert rows[ledger.credit_note.name].portal_status == "Credit Note"
	assert rows[ledger.eur_inv.name].currency == "EUR"
	assert rows[ledger.eur_inv.name].portal_status == "Overdue"
	totals = {t.currency: t for t in data["totals"]}
	assert set(totals) == {"RON", "EUR"}
	ron = totals["RON"]
	grand = sum(
		flt(ledger[k].rounded_total or ledger[k].grand_total)
		for k in ("paid", "partly", "overdue", "not_due")
	)
	assert ron.invoiced == flt(grand, 2)
	assert ron.credit_notes == 1000
	assert ron.outstanding == flt(
		sum(r.outstanding_amount for r in data["invoices"] if r.currency == "RON"), 2
	)
	assert totals["EUR"].outstanding == 250 and totals["EUR"].overdue == 250
	# Newest first.
	dates = [r.posting_date for r in data["invoices"]]
	assert dates == sorted(dates, reverse=True)


def test_invoice_list_totals_from_the_summary_equal_adding_every_invoice_up(ledger):
	# The ledger was built through ERPNext's controllers, so its customers are summarized
	# (summaries/invoice_totals.py): credit notes, journal credits, a EUR invoice, advances.
	from ralom_portal.summaries import invoice_totals

	assert {r.customer for r in invoice_totals.summarized(ledger.customers)} == set(ledger.customers)
	added_up = inv_q.invoice_list(ledger.customers, start=getdate("1900-01-01"))["totals"]
	assert inv_q.invoice_list(ledger.customers)["totals"] == added_up


def test_invoice_list_filters_by_status_dates_and_number_or_po(ledger):
	def names(**kw):
		return {r.name for r in inv_q.invoice_list(ledger.customers, **kw)["invoices"]}

	assert names(status="Paid") == {ledger.paid.name}
	assert names(status="Credit Note") == {ledger.credit_note.name}
	assert names(status="Unpaid") == {ledger.not_due.name}
	assert names(start=getdate(_days(-15)), end=getdate(nowdate())) == {ledger.not_due.name}
	assert names(search="ALFA-7") == {ledger.partly.name}
	assert names(search=ledger.overdue.name) == {ledger.overdue.name}
	# LIKE wildcards in the text match themselves, and SQL in the box is only text.
	assert names(search="%") == set()
	assert names(search="' or 1=1 -- ") == set()


def test_another_clients_invoices_never_appear_in_list_or_detail(ledger, factories):
	other, _user = factories.client()
	theirs = factories.sales_invoice(other.name)
	assert theirs.name not in {r.name for r in inv_q.invoice_list(ledger.customers)["invoices"]}
	assert inv_q.invoice(ledger.customers, theirs.name) is None
	assert inv_q.invoice_list(ledger.customers, search=theirs.name)["invoices"] == []


def test_draft_and_cancelled_invoices_are_not_shown(ledger, factories):
	draft = factories.sales_invoice(ledger.ron, submit=False)
	cancelled = factories.sales_invoice(ledger.ron)
	cancelled.cancel()
	listed = {r.name for r in inv_q.invoice_list(ledger.customers)["invoices"]}
	assert draft.name not in listed and cancelled.name not in listed
	assert inv_q.invoice(ledger.customers, draft.name) is None
	assert inv_q.invoice(ledger.customers, cancelled.name) is None


def test_pagination_over_250_invoices_gives_the_right_second_page(factories):
	customer = factories.customer()
	names = factories.list_only_invoices(customer.name, 250)
	newest_first = list(reversed(names))
	data = inv_q.invoice_list((customer.name,), page=2, page_size=20)
	assert data["count"] == 250 and data["pages"] == 13 and data["page"] == 2
	assert [r.name for r in data["invoices"]] == newest_first[20:40]
	last = inv_q.invoice_list((customer.name,), page=13, page_size=20)
	assert [r.name for r in last["invoices"]] == newest_first[240:]
	# A page past the end shows the last page rather than nothing.
	assert inv_q.invoice_list((customer.name,), page=999, page_size=20)["page"] == 13
	assert inv_q.invoice_list((customer.name,), page_size=100)["totals"][0]["count"] == 250


# Invoice page -------------------------------------------------------------------------------------


def test_invoice_page_has_lines_payments_credit_notes_and_outstanding(ledger):
	inv = inv_q.invoice(ledger.customers, ledger.partly.name)
	assert [(i.item_code, i.qty) for i in inv["items"]] == [(ledger.item, 2)]
	payments = {p.voucher_no: p for p in inv["payments"]}
	assert payments[ledger.split.name].allocated_amount == 500
	assert payments[ledger.split.name].reference_no == "OP-SPLIT"
	assert [c.name for c in inv["credit_notes"]] == [ledger.credit_note.name]
	assert inv.outstanding_amount == 500
	overdue = inv_q.invoice(ledger.customers, ledger.overdue.name)
	by_type = {(p.voucher_type, p.voucher_no): p.allocated_amount for p in overdue["payments"]}
	assert by_type == {("Payment Entry", ledger.split.name): 200, ("Journal Entry", ledger.journal.name): 50}
	assert overdue.outstanding_amount == 550


# Payments -----------------------------------------------------------------------------------------


def test_payments_list_shows_allocations_advances_and_currencies(ledger):
	data = pay_q.payment_list(ledger.customers)
	rows = {r.name: r for r in data["payments"]}
	split = rows[ledger.split.name]
	assert split.amount == 700 and split.currency == "RON" and split.payment_type == "Receive"
	assert [(a.reference_name, a.allocated_amount) for a in split.allocations] == [
		(ledger.partly.name, 500),
		(ledger.overdue.name, 200),
	]
	assert rows[ledger.advance_ron.name].unallocated_amount == 300
	assert rows[ledger.advance_ron.name].allocations == []
	assert rows[ledger.eur_advance.name].currency == "EUR" and rows[ledger.eur_advance.name].amount == 100
	totals = {t.currency: t for t in data["totals"]}
	assert totals["RON"].unallocated == 300 and totals["EUR"].unallocated == 100
	# From the maintained summary (summaries/payment_totals.py): what adding every payment up gives.
	assert data["totals"] == pay_q.payment_list(ledger.customers, start=getdate("1900-01-01"))["totals"]


def test_refund_of_a_self_standing_credit_note_is_listed_as_pay(factories):
	customer, _user = factories.client()
	invoice = factories.sales_invoice(customer.name, posting_date=_days(-10))
	factories.payment(invoice.name, posting_date=_days(-9))
	note = finance.make_credit_note(invoice.name, 1, posting_date=_days(-5), against_invoice=False)
	refund = finance.make_refund(note.name, posting_date=_days(-2))
	rows = {r.name: r for r in pay_q.payment_list((customer.name,))["payments"]}
	assert rows[refund.name].payment_type == "Pay" and rows[refund.name].amount == 1000
	statement = st_q.statement((customer.name,), getdate(_days(-30)), getdate(nowdate()), "RON")
	assert statement["closing"] == 0
	assert [r.kind for r in statement["rows"]] == ["Invoice", "Payment", "Credit Note", "Refund"]


# Statement and ageing equal ERPNext's reports -----------------------------------------------------


def _general_ledger_closing(customer, start, end):
	from erpnext.accounts.report.general_ledger.general_ledger import execute

	_columns, rows = execute(
		frappe._dict(
			company=default_company(),
			from_date=str(start),
			to_date=str(end),
			party_type="Customer",
			party=[customer],
			group_by="Group by Voucher (Consolidated)",
		)
	)
	opening, closing = rows[0], rows[-1]
	return flt(opening["debit"] - opening["credit"], 2), flt(closing["debit"] - closing["credit"], 2)


def _receivable_ageing(customer, account, report_date):
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute

	result = execute(
		{
			"company": default_company(),
			"report_date": str(report_date),
			"party_type": "Customer",
			"party": [customer],
			"party_account": account,
			"ageing_based_on": "Due Date",
			"range": "30, 60, 90, 120",
		}
	)
	rows = [r for r in result[1] if r.get("voucher_no")]
	total = lambda key: flt(sum(flt(r.get(key)) for r in rows), 2)  # noqa: E731
	return {
		"0_30": total("range1"),
		"31_60": total("range2"),
		"61_90": total("range3"),
		"over_90": flt(total("range4") + total("range5"), 2),
		"total": total("outstanding"),
	}


@pytest.mark.parametrize("report_offset", [0, -25])
def test_statement_and_ageing_equal_erpnext_general_ledger_and_receivables(ledger, report_offset):
	end = getdate(_days(report_offset))
	start = getdate(_days(-60))
	ron_account = frappe.db.get_value("Sales Invoice", ledger.paid.name, "debit_to")
	for customer, currency, account in (
		(ledger.ron, "RON", ron_account),
		(ledger.eur, "EUR", ledger.eur_account),
	):
		mine = st_q.statement((customer,), start, end, currency)
		gl_opening, gl_closing = _general_ledger_closing(customer, start, end)
		assert (mine["opening"], mine["closing"]) == (gl_opening, gl_closing), customer
		# The running balance ends at the closing balance.
		assert (mine["rows"][-1].balance if mine["rows"] else mine["opening"]) == mine["closing"]
		ar = _receivable_ageing(customer, account, end)
		ageing = mine["ageing"]
		for key in ("0_30", "31_60", "61_90", "over_90", "total"):
			assert ageing[key] == ar[key], (customer, key, ageing, ar)
		assert flt(sum(ageing[k] for k in st_q.BUCKETS), 2) == ageing["total"]
	# Both customers together: one statement per currency, each with the right closing balance.
	both = st_q.statement(ledger.customers, start, end, "EUR")
	assert both["currencies"] == ["EUR", "RON"] and both["currency"] == "EUR"


def test_statement_rows_run_in_date_order_with_the_expected_figures(ledger):
	start, end = getdate(_days(-200)), getdate(nowdate())
	mine = st_q.statement(ledger.customers, start, end, "RON")
	assert mine["opening"] == 0
	kinds = [r.kind for r in mine["rows"]]
	assert kinds.count("Invoice") == 4 and "Credit Note" in kinds and "Journal Entry" in kinds
	assert [r.posting_date for r in mine["rows"]] == sorted(r.posting_date for r in mine["rows"])
	# 1000 + 2000 + 800 + 1500 invoiced, 1000 + 700 + 300 paid, 1000 credited, 50 by journal.
	expected = flt(
		sum(
			flt(ledger[k].rounded_total or ledger[k].grand_total)
			for k in ("paid", "partly", "overdue", "not_due")
		)
		- 1000
		- 700
		- 300
		- 1000
		- 50,
		2,
	)
	assert mine["closing"] == expected
	eur = st_q.statement(ledger.customers, start, end, "EUR")
	assert eur["closing"] == 150  # 400 invoiced - 150 paid - 100 advance
	# The exchange gain journal changes nothing in EUR and is not listed as a EUR line.
	gain = frappe.db.get_value(
		"GL Entry", {"party": ledger.eur, "voucher_type": "Journal Entry", "is_cancelled": 0}, "voucher_no"
	)
	assert gain and gain not in {r.voucher_no for r in eur["rows"]}
	assert [r.kind for r in eur["rows"]] == ["Invoice", "Payment", "Payment"]


def test_unknown_currency_falls_back_to_the_first_one(ledger):
	start, end = getdate(_days(-200)), getdate(nowdate())
	assert st_q.statement(ledger.customers, start, end, "XXX")["currency"] == "EUR"
	assert st_q.statement(ledger.customers, start, end, "'; drop table x")["currency"] == "EUR"


def test_statement_of_a_client_without_entries_is_empty(factories):
	customer = factories.customer()
	data = st_q.statement((customer.name,), getdate(_days(-30)), getdate(nowdate()), None)
	assert data["currency"] is None and data["rows"] == [] and data["closing"] == 0


def test_ageing_buckets_follow_receivables_rules():
	today = getdate("2026-06-30")
	items = [
		{"outstanding": 100, "invoice_due": getdate("2026-06-30")},  # age 0
		{"outstanding": 200, "invoice_due": getdate("2026-05-31")},  # 30 days: still 0-30
		{"outstanding": 300, "invoice_due": getdate("2026-05-30")},  # 31 days
		{"outstanding": 400, "invoice_due": getdate("2026-04-01")},  # 90 days
		{"outstanding": 500, "invoice_due": getdate("2025-01-01")},
		{"outstanding": -50, "own_date": getdate("2026-06-20")},  # an advance, aged from its date
		{"outstanding": 60, "invoice_due": getdate("2026-07-15")},  # not yet due
		{"outstanding": 0.001, "invoice_due": getdate("2026-06-01")},  # settled (rounding)
	]
	result = st_q.bucket(items, today, today=today)
	assert result == {
		"not_due": 60,
		"0_30": 250,
		"31_60": 300,
		"61_90": 400,
		"over_90": 500,
		"total": 1510,
	}


# Query counts -------------------------------------------------------------------------------------


def _count_queries(monkeypatch, fn) -> int:
	calls = []
	real = frappe.db.sql

	def counting(*args, **kwargs):
		calls.append(1)
		return real(*args, **kwargs)

	monkeypatch.setattr(frappe.db, "sql", counting)
	try:
		fn()
	finally:
		monkeypatch.setattr(frappe.db, "sql", real)
	return len(calls)


def test_list_query_counts_do_not_grow_with_the_rows(factories, monkeypatch):
	few, many = factories.customer(), factories.customer()
	factories.list_only_invoices(few.name, 10)
	factories.list_only_invoices(many.name, 200)
	counts = [
		_count_queries(monkeypatch, lambda c=c: inv_q.invoice_list((c,), page_size=100))
		for c in (few.name, many.name)
	]
	# The summary's rows, the sums (open invoices; here every invoice, as these rows were never
	# summarized), the page. With a filter: the filter's sums, the page.
	assert counts == [3, 3]
	assert _count_queries(monkeypatch, lambda: inv_q.invoice_list((many.name,), search="PO")) == 2
	assert len(inv_q.invoice_list((many.name,), page_size=100)["invoices"]) == 100


def test_payments_and_statement_query_counts_do_not_grow_with_the_rows(ledger, monkeypatch):
	start, end = getdate(_days(-200)), getdate(nowdate())
	one = (ledger.eur,)
	counts_small = (
		_count_queries(monkeypatch, lambda: pay_q.payment_list(one)),
		_count_queries(monkeypatch, lambda: st_q.statement(one, start, end, "EUR")),
		_count_queries(monkeypatch, lambda: inv_q.invoice(one, ledger.eur_inv.name)),
	)
	counts_large = (
		_count_queries(monkeypatch, lambda: pay_q.payment_list(ledger.customers)),
		_count_queries(monkeypatch, lambda: st_q.statement(ledger.customers, start, end, "RON")),
		_count_queries(monkeypatch, lambda: inv_q.invoice(ledger.customers, ledger.overdue.name)),
	)
	# The payment list: the maintained totals, what is not yet allocated, the page, its allocations.
	assert counts_small == counts_large == (4, 3, 5)


# Parameters ----------------------------------------------------------------------------------------


def test_bad_dates_are_ignored_swapped_or_capped_with_a_notice():
	notices = []
	assert params.period("2026-13-45", "yesterday", notices) == (None, None)
	assert len(notices) == 2
	notices = []
	start, end = params.period("2026-05-01", "2026-01-01", notices)
	assert (str(start), str(end)) == ("2026-01-01", "2026-05-01") and len(notices) == 1
	notices = []
	start, end = params.period("1976-01-01", "2026-01-01", notices)
	assert str(start) == "2016-01-02" and len(notices) == 1
	notices = []
	assert params.parse_date(["2026-01-01"], notices, "x") is None and notices


@pytest.mark.parametrize(
	"value,expected", [("0", 20), ("100000", 20), ("50", 50), ("abc", 20), (None, 20), ("-5", 20)]
)
def test_page_size_is_one_of_the_allowed_sizes(value, expected):
	assert params.page_size(value) == expected


@pytest.mark.parametrize(
	"value,expected", [("2", 2), ("0", 1), ("-3", 1), ("x", 1), ("99999999", params.MAX_PAGE)]
)
def test_page_number_is_clamped(value, expected):
	assert params.page_number(value) == expected


def test_unknown_status_is_ignored_with_a_notice():
	notices = []
	assert params.choice("Bogus", inv_q.STATUSES, notices, "status") is None and notices
	assert params.choice("Paid", inv_q.STATUSES, [], "status") == "Paid"
	notices = []
	long = params.search_text("x" * 500, notices)
	assert len(long) == params.MAX_SEARCH and notices


def test_dashboard_totals_per_currency_agree_with_the_invoice_list_and_name_the_next_due_invoice(ledger):
	from ralom_portal.portal.queries import dashboard

	balances = {b.currency: b for b in dashboard.summary(ledger.customers)["balances"]}
	for total in inv_q.invoice_list(ledger.customers, page_size=100)["totals"]:
		assert flt(balances[total.currency].outstanding, 2) == total.outstanding, total.currency
		assert flt(balances[total.currency].overdue, 2) == total.overdue, total.currency
	assert flt(balances["EUR"].outstanding, 2) == 250
	assert flt(balances["RON"].overdue, 2) == 500 + 550
	assert inv_q.next_due(ledger.customers).name == ledger.not_due.name


def test_a_eur_invoice_on_a_ron_receivable_shows_its_outstanding_in_eur(factories):
	"""ERPNext keeps the outstanding in the receivable account's currency (RON here); the portal shows
	it in the invoice's currency. (ERPNext accepts a EUR invoice on a RON account once the customer
	has RON entries.)"""
	customer, _user = factories.client()
	item = factories.item().name
	factories.sales_invoice(customer.name, [(item, 1, 1000)])
	invoice = factories.sales_invoice(customer.name, [(item, 2, 100)], currency="EUR", conversion_rate=4.97)
	assert frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount") == 994
	data = inv_q.invoice_list((customer.name,))
	row = next(r for r in data["invoices"] if r.name == invoice.name)
	assert row.outstanding_amount == 200 and row.portal_status == "Unpaid" and row.paid == 0
	totals = {t.currency: t for t in data["totals"]}
	assert totals["EUR"].outstanding == 200 and totals["RON"].outstanding == 1000
	assert inv_q.invoice((customer.name,), invoice.name).outstanding_amount == 200
