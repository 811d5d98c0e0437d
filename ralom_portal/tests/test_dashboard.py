"""The dashboard agrees with the sections it summarises (statuses, counts, money per currency), and the
offer page shows what the client asked for labelled in their language."""

import re

import frappe
from frappe.utils import add_days, nowdate

from ralom_portal.access.customers import remember_active_customer
from ralom_portal.access.links import link_user
from ralom_portal.demo import builders, finance
from ralom_portal.portal.queries import dashboard
from ralom_portal.portal.queries import offers as offer_queries
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries


def _page(path: str, user: str, lang: str = "ro") -> str:
	"""The page as Frappe's website handler renders it for `user` in `lang` (in-process, rolled back)."""
	from frappe.utils import get_html_for_route

	as_user(user)
	had_request = hasattr(frappe.local, "request")
	previous = frappe.local.lang
	frappe.local.lang = lang
	frappe.local.form_dict = frappe._dict()
	try:
		return get_html_for_route(path)
	finally:
		# Leave no request behind: later in-process tests call rate-limited methods, which would
		# then look for the request's IP.
		frappe.local.lang = previous
		frappe.local.form_dict = frappe._dict()
		if not had_request:
			del frappe.local.request


def test_an_offer_accepted_in_the_portal_is_accepted_on_the_dashboard_too(factories):
	from ralom_portal.ralom_portal.doctype.portal_offer_decision import decide

	customer, user = factories.client()
	accepted = factories.quotation(customer.name, valid_till=add_days(nowdate(), 10))
	factories.quotation(customer.name, valid_till=add_days(nowdate(), 10))
	header = frappe.db.get_value("Quotation", accepted.name, "*", as_dict=True)
	items, taxes = offer_queries.content_rows(accepted.name)
	as_user(user.name)
	decide.accept_offer(accepted.name, offer_queries.content_hash(header, items, taxes))
	as_user("Administrator")

	summary = dashboard.summary((customer.name,))
	statuses = {o.name: o.status for o in summary["recent_offers"]}
	listed = {o.name: o.status for o in offer_queries.list_offers((customer.name,))}
	assert statuses == listed
	assert statuses[accepted.name] == "Accepted"
	assert summary["offers_to_decide"] == 1 and summary["offers_total"] == 2
	html = _page("/portal", user.name)
	assert 'data-offer-status="Accepted"' in html and "Acceptată" in html


def test_the_active_project_count_counts_every_open_project_not_the_shown_five(factories):
	customer, _user = factories.client()
	for i in range(7):
		builders.make_project(customer.name, factories.unique(f"Proiect {i}"))
	builders.make_project(customer.name, factories.unique("Gata"), status="Completed")
	summary = dashboard.summary((customer.name,))
	assert summary["active_projects_count"] == 7
	assert len(summary["active_projects"]) == dashboard.RECENT


def _receivable(currency: str) -> str:
	"""A receivable account in `currency` (for a client invoiced in a foreign currency)."""
	from ralom_portal.setup.company import default_company

	company = default_company()
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"Debitori {currency} - {abbr}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account", {"company": company, "account_type": "Receivable", "is_group": 0}, "parent_account"
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": f"Debitori {currency}",
				"company": company,
				"parent_account": parent,
				"account_type": "Receivable",
				"account_currency": currency,
			}
		).insert(ignore_permissions=True)
	return name


def test_outstanding_money_is_totalled_per_currency(factories):
	# One user acting for two companies: one billed in lei, one in euro on a euro receivable account.
	ron_client, user = factories.client()
	eur_client = factories.customer()
	link_user(eur_client.name, user.name)
	item = factories.item().name
	factories.sales_invoice(
		ron_client.name,
		[(item, 1, 1000)],
		posting_date=add_days(nowdate(), -35),
		due_date=add_days(nowdate(), -5),
	)
	factories.sales_invoice(
		eur_client.name, [(item, 2, 100)], currency="EUR", conversion_rate=4.97, debit_to=_receivable("EUR")
	)
	balances = {b.currency: b for b in dashboard.summary((ron_client.name, eur_client.name))["balances"]}
	assert set(balances) == {"RON", "EUR"}
	assert balances["EUR"].outstanding == 200 and balances["EUR"].overdue == 0
	assert balances["RON"].outstanding == balances["RON"].overdue == 1000
	# The page shows one company at a time (the company switcher, issue 27): each its own currency.
	for active, shown, hidden in ((ron_client, "RON", "EUR"), (eur_client, "EUR", "RON")):
		with as_user(user.name):
			remember_active_customer(active.name)
		html = _page("/portal", user.name)
		assert html.count('data-metric="outstanding"') == 1
		assert f'data-currency="{shown}"' in html and f'data-currency="{hidden}"' not in html
	frappe.cache.hdel("defaults", user.name)  # the rolled-back choice must not outlive the test


def test_dashboard_query_count_does_not_grow_with_the_records(factories):
	few, _ = factories.client()
	many, _ = factories.client()
	item = factories.item().name
	for customer, n in ((few, 1), (many, 8)):
		for _i in range(n):
			factories.quotation(customer.name)
			factories.sales_invoice(customer.name, [(item, 1, 100)])
			builders.make_project(customer.name, factories.unique("P"))
	n_few = count_queries(lambda: dashboard.summary((few.name,)))
	n_many = count_queries(lambda: dashboard.summary((many.name,)))
	# offers, balances, the statement's balance, projects, recent offers, contract counts, shipments
	assert n_few == n_many <= 7


def test_dashboard_names_the_unallocated_advance_and_the_statements_balance(factories):
	"""Open invoices leave out a payment not yet allocated to them; the statement counts it. The
	dashboard says so beside its total, in the reader's language, with the statement's own balance."""
	from frappe.utils import fmt_money

	from ralom_portal.portal.queries import statement

	customer, user = factories.client()
	invoice = factories.sales_invoice(customer.name, [(factories.item().name, 2, 1000)])
	finance.make_customer_payment(customer.name, 500, posting_date=nowdate(), reference="AVANS-DASH")
	customers = (customer.name,)
	(ron,) = dashboard.summary(customers)["balances"]
	closing = statement.statement(customers, *statement.default_period())["closing"]
	assert ron.outstanding == invoice.outstanding_amount
	assert ron.unallocated == 500
	assert ron.balance == closing == ron.outstanding - 500

	def money(amount):
		return fmt_money(amount, currency="RON")

	def text(html):
		return re.sub(r"<[^>]+>", "", html)

	ro = text(_page("/portal", user.name, "ro"))
	assert f"Avans încă nealocat pe facturi: {money(500)}" in ro
	assert f"Sold după avansuri: {money(closing)}" in ro
	en = text(_page("/portal", user.name, "en"))
	assert f"Advance not yet allocated to invoices: {money(500)}" in en
	assert f"Balance after advances: {money(closing)}" in en


def test_an_advance_without_open_invoices_still_shows_on_the_dashboard(factories):
	customer, user = factories.client()
	finance.make_customer_payment(customer.name, 300, posting_date=nowdate(), reference="AVANS-SINGUR")
	(ron,) = dashboard.summary((customer.name,))["balances"]
	assert (ron.currency, ron.outstanding, ron.unallocated, ron.balance) == ("RON", 0, 300, -300)
	assert 'data-metric="unallocated"' in _page("/portal", user.name)


def test_offer_page_shows_the_quote_request_labelled_and_translated_not_in_the_terms(factories):
	customer, user = factories.client()
	q = factories.quotation(customer.name, valid_till=add_days(nowdate(), 10), submit=False)
	q.ralom_delivery_option = "Pickup from supplier"
	q.ralom_requested_date = add_days(nowdate(), 20)
	q.save(ignore_permissions=True)
	q.submit()
	html = _page(f"/portal/offers/{q.name}", user.name)
	assert 'data-fact="delivery"' in html
	assert "Ridicare de la furnizor" in html  # "Pickup from supplier", in Romanian
	shown = frappe.utils.getdate(add_days(nowdate(), 20)).strftime("%d.%m.%Y")  # e.g. "20.12.2026"
	assert shown in html
	assert "Pickup from supplier" not in html and "Requested date" not in html
