"""Builders for the finance side: credit notes, receipts and advances, refunds, journal entries and
a second currency. Shared by the demo dataset and the test factories; documents go through
ERPNext's own mappers and controllers, never raw SQL.
"""

from __future__ import annotations

import frappe
from frappe.utils import flt, getdate, nowdate

from ralom_portal.setup.company import default_company


def make_credit_note(invoice: str, qty: float, *, posting_date=None, against_invoice: bool = True):
	"""A credit note (return) for `qty` of the invoice's first line, through ERPNext's own mapper.

	`against_invoice` makes it reduce the invoice's outstanding (ERPNext's default since v15 is a
	self-standing credit note with its own negative outstanding)."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	note = make_sales_return(invoice)
	note.set_posting_time = 1
	note.posting_date = getdate(posting_date or nowdate())
	note.update_outstanding_for_self = 0 if against_invoice else 1
	note.items = note.items[:1]
	note.items[0].qty = -abs(qty)
	note.payment_schedule = []
	note.insert(ignore_permissions=True)
	note.submit()
	return note


def make_customer_payment(
	customer: str,
	amount: float,
	allocations: list[tuple[str, float]] = (),
	*,
	posting_date=None,
	reference: str | None = None,
	mode_of_payment: str | None = None,
	rate: float | None = None,
):
	"""A receipt from `customer`: allocated to invoices as given, the rest an unallocated advance.

	Amounts are in the customer's receivable account currency; the bank receives it in company
	currency at `rate`, else the invoice's rate (or today's rate when nothing is allocated). A rate
	other than the invoice's makes ERPNext book an exchange gain or loss."""
	from erpnext.accounts.party import get_party_account
	from erpnext.setup.utils import get_exchange_rate

	company = default_company()
	posting_date = getdate(posting_date or nowdate())
	party_account = get_party_account("Customer", customer, company)
	account_currency = frappe.get_cached_value("Account", party_account, "account_currency")
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	if rate:
		pass
	elif allocations:
		rate = frappe.db.get_value("Sales Invoice", allocations[0][0], "conversion_rate") or 1
	elif account_currency != company_currency:
		rate = get_exchange_rate(account_currency, company_currency, posting_date) or 1
	else:
		rate = 1
	bank = frappe.get_cached_value("Company", company, "default_bank_account") or frappe.get_cached_value(
		"Company", company, "default_cash_account"
	)
	payment = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"party_type": "Customer",
			"party": customer,
			"company": company,
			"posting_date": posting_date,
			"mode_of_payment": mode_of_payment,
			"paid_from": party_account,
			"paid_from_account_currency": account_currency,
			"paid_to": bank,
			"paid_to_account_currency": company_currency,
			"source_exchange_rate": rate,
			"target_exchange_rate": 1,
			"paid_amount": amount,
			"received_amount": flt(amount * rate, 2),
			"reference_no": reference or f"OP-{customer[:20]}-{posting_date}",
			"reference_date": posting_date,
			"references": [
				{
					"reference_doctype": "Sales Invoice",
					"reference_name": invoice,
					"allocated_amount": allocated,
					"total_amount": frappe.db.get_value("Sales Invoice", invoice, "grand_total"),
					"outstanding_amount": frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount"),
					"exchange_rate": rate,
				}
				for invoice, allocated in allocations
			],
		}
	)
	payment.insert(ignore_permissions=True)
	payment.submit()
	return payment


def make_refund(credit_note: str, *, posting_date=None, reference: str | None = None):
	"""Money paid back to the customer for a self-standing credit note (a Pay-type Payment Entry)."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", credit_note)
	payment.posting_date = getdate(posting_date or nowdate())
	payment.reference_no = reference or f"RF-{credit_note}"
	payment.reference_date = payment.posting_date
	payment.insert(ignore_permissions=True)
	payment.submit()
	return payment


def make_journal_credit(
	customer: str, amount: float, *, invoice: str | None = None, posting_date=None, remark=""
):
	"""A journal entry crediting the customer (e.g. a settlement discount), against `invoice` if given.

	The other side is the company's write-off account (its round-off account when none is set)."""
	from erpnext.accounts.party import get_party_account

	company = default_company()
	posting_date = getdate(posting_date or nowdate())
	other = frappe.get_cached_value("Company", company, "write_off_account") or frappe.get_cached_value(
		"Company", company, "round_off_account"
	)
	journal = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Journal Entry",
			"company": company,
			"posting_date": posting_date,
			"user_remark": remark or "Discount",
			"accounts": [
				{
					"account": get_party_account("Customer", customer, company),
					"party_type": "Customer",
					"party": customer,
					"credit_in_account_currency": amount,
					"reference_type": "Sales Invoice" if invoice else None,
					"reference_name": invoice,
				},
				{
					"account": other,
					"debit_in_account_currency": amount,
					"cost_center": frappe.get_cached_value("Company", company, "cost_center"),
				},
			],
		}
	)
	journal.insert(ignore_permissions=True)
	journal.submit()
	return journal


def ensure_currency_account(currency: str, rate: float) -> str:
	"""A receivable account in `currency` for the company, and an exchange rate to company currency."""
	company = default_company()
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"Debtors {currency} - {abbr}"
	if not frappe.db.exists("Account", name):
		debtors = frappe.get_cached_value("Company", company, "default_receivable_account")
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": f"Debtors {currency}",
				"parent_account": frappe.db.get_value("Account", debtors, "parent_account"),
				"company": company,
				"account_type": "Receivable",
				"account_currency": currency,
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Currency", currency, "enabled", 1)
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	if not frappe.db.exists(
		"Currency Exchange",
		{"from_currency": currency, "to_currency": company_currency, "date": "2000-01-01"},
	):
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": "2000-01-01",
				"from_currency": currency,
				"to_currency": company_currency,
				"exchange_rate": rate,
				"for_buying": 1,
				"for_selling": 1,
			}
		).insert(ignore_permissions=True)
	return name


def set_customer_currency(customer: str, currency: str, account: str) -> None:
	"""Bill `customer` in `currency` through `account` (its receivable account for the company)."""
	doc = frappe.get_doc("Customer", customer)
	doc.default_currency = currency
	doc.set("accounts", [{"company": default_company(), "account": account}])
	doc.save(ignore_permissions=True)
