"""The statement of account on screen is paged (issue 29): a page opens with the balance carried from
the lines before it, the closing balance is the period's, and the query count is the same on any page
and for any number of lines. The PDF keeps every line of the period."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from ralom_portal.access.customers import forget
from ralom_portal.portal.queries import statement as st_q
from ralom_portal.portal.statement_page import statement_for
from ralom_portal.tests.queries import count_queries


def _ledger(customer: str, invoices: int) -> None:
	"""`invoices` invoices (20 days apart), most of them paid: about two ledger lines each."""
	from ralom_portal.demo import scale

	ctx, rng, tag = scale._context(), scale.random.Random(7), frappe.generate_hash(length=6)
	docs = []
	for i in range(invoices):
		docs.extend(scale.rows.invoice_and_payment(ctx, tag, i, customer, rng, invoices))
	scale._bulk(docs)


def _period():
	return getdate(add_days(nowdate(), -3 * 365)), getdate(nowdate())


def test_pages_carry_the_balance_and_end_at_the_periods_closing(factories):
	customer = factories.customer().name
	_ledger(customer, 30)
	start, end = _period()
	full = st_q.statement((customer,), start, end, "RON")
	count = len(full["rows"])
	assert count > 40, count
	pages = [st_q.statement((customer,), start, end, "RON", page=n, page_size=20) for n in (1, 2, 3)]
	assert [p["pages"] for p in pages] == [3, 3, 3] and [p["count"] for p in pages] == [count] * 3
	assert [p["page"] for p in pages] == [1, 2, 3]
	for n, p in enumerate(pages):
		lines = full["rows"][n * 20 : (n + 1) * 20]
		assert [(r.voucher_no, r.debit, r.credit, r.balance, r.kind) for r in p["rows"]] == [
			(r.voucher_no, r.debit, r.credit, r.balance, r.kind) for r in lines
		]
		# The page opens where the line before it left the balance; the closing is the period's.
		assert p["page_opening"] == (full["rows"][n * 20 - 1].balance if n else full["opening"])
		assert (p["opening"], p["closing"], p["ageing"]) == (full["opening"], full["closing"], full["ageing"])
	# A page past the end is the last page.
	past = st_q.statement((customer,), start, end, "RON", page=99, page_size=20)
	assert past["page"] == 3 and [r.voucher_no for r in past["rows"]] == [
		r.voucher_no for r in pages[2]["rows"]
	]
	assert pages[2]["rows"][-1].balance == full["closing"]


def test_a_page_opening_after_an_opening_balance_adds_both(factories):
	customer = factories.customer().name
	_ledger(customer, 30)
	_start, end = _period()
	# Half the ledger lies before the period, and the invoice of 300 days ago is paid 10 days later,
	# inside it: the period opens owing that invoice, and page 2 carries the balance further.
	start = getdate(add_days(nowdate(), -295))
	full = st_q.statement((customer,), start, end, "RON")
	assert full["opening"] != 0 and len(full["rows"]) > 20
	second = st_q.statement((customer,), start, end, "RON", page=2, page_size=20)
	assert second["page_opening"] == full["rows"][19].balance
	assert second["rows"][0].balance == full["rows"][20].balance


def test_statement_query_count_is_the_same_for_any_page_and_any_number_of_lines(factories):
	few, many = factories.customer().name, factories.customer().name
	_ledger(few, 2)
	_ledger(many, 60)
	start, end = _period()
	counts = [
		count_queries(lambda c=c, kw=kw: st_q.statement((c,), start, end, "RON", **kw))
		for c, kw in (
			(few, {}),
			(many, {}),
			(few, {"page": 1}),
			(many, {"page": 1}),
			(many, {"page": 3}),
			(many, {"page": 500}),
		)
	]
	assert counts == [3] * 6, counts


def test_the_page_shows_one_page_with_a_pager_that_keeps_the_period_and_the_pdf_keeps_every_line(
	factories,
):
	customer, user = factories.client()
	_ledger(customer.name, 30)
	start, end = _period()
	form = frappe._dict({"from": str(start), "to": str(end), "currency": "RON", "page": "2"})
	full, _notices = statement_for((customer.name,), form)
	assert full["pages"] == 1 and len(full["rows"]) == full["count"] > 40
	frappe.set_user(user.name)
	forget()
	frappe.local.form_dict = form
	try:
		from ralom_portal.www.portal import statement as page

		context = frappe._dict()
		page.get_context(context)
		html = frappe.render_template(
			"templates/portal/finance/statement_table.html", {**context, "pdf": False}
		)
	finally:
		frappe.local.form_dict = frappe._dict()
		frappe.set_user("Administrator")
	assert context.statement["page"] == 2 and len(context.statement["rows"]) == 20
	assert 'data-metric="carried"' in html and 'data-metric="opening"' not in html
	assert html.count("data-voucher=") == 20
	assert context.pager["prev_url"] == f"?from={start}&to={end}&currency=RON&page_size=20&page=1"
	assert context.pager["next_url"].endswith("&page=3")
	assert 'rel="prev"' in html and 'rel="next"' in html
	# The PDF links name the period, never a page.
	assert "page=" not in context.pdf_urls["ro"]
