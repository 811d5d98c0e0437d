"""The per-customer summaries behind the big customer's pages (issue 29, ralom_portal/summaries/).

The invoice and payment totals follow submit, credit notes, refunds and cancel (built through
ERPNext's controllers) and give the lists the same totals as adding every row up, payments and
advances included; a customer never
summarized is added up until its next invoice builds its rows; a rename carries them. The file
library skips the invoices, payments and offers of a client with no files on them, and lists a file
as soon as one is attached, also one attached to a draft submitted for another customer.
"""

import frappe
from frappe.utils import flt, getdate

from ralom_portal.demo import builders, finance
from ralom_portal.portal.queries import files as files_q
from ralom_portal.portal.queries import invoices as inv_q
from ralom_portal.portal.queries import payments as pay_q
from ralom_portal.summaries import file_kinds, invoice_totals, payment_totals
from ralom_portal.tests.queries import count_queries


def _summary(customer: str) -> dict:
	"""{currency: (invoices, invoiced, credit notes, credited)} as the summary holds them."""
	return {
		r.currency: (int(r.invoices), flt(r.invoiced, 2), flt(r.credit_notes, 2), flt(r.credited, 2))
		for r in invoice_totals.summarized((customer,))
	}


def _added_up(customers) -> list:
	"""The totals of adding every invoice up: a filter (any date) takes the list's other path."""
	return inv_q.invoice_list(customers, start=getdate("1900-01-01"))["totals"]


def _total(doc) -> float:
	return flt(doc.rounded_total or doc.grand_total, 2)


def test_invoice_totals_follow_submit_credit_note_payment_and_cancel(factories):
	customer = factories.customer().name
	item = factories.item(rate=1000).name
	first = factories.sales_invoice(customer, [(item, 2, 1000)])
	assert _summary(customer) == {"RON": (1, _total(first), 0, 0)}  # the first invoice builds the row
	second = factories.sales_invoice(customer, [(item, 1, 500)])
	invoiced = flt(_total(first) + _total(second), 2)
	assert _summary(customer) == {"RON": (2, invoiced, 0, 0)}

	credit_note = finance.make_credit_note(first.name, 1)
	credited = -_total(credit_note)
	assert credited > 0
	assert _summary(customer) == {"RON": (3, invoiced, credited, credited)}

	# A payment changes only what is still owed, which the list reads from the open invoices.
	payment = factories.payment(second.name)
	assert _summary(customer) == {"RON": (3, invoiced, credited, credited)}
	totals = inv_q.invoice_list((customer,))["totals"]
	assert totals == _added_up((customer,))
	(ron,) = totals
	assert ron.count == 3 and ron.invoiced == invoiced and ron.credit_notes == credited
	assert ron.outstanding == flt(_total(first) - credited, 2)
	assert ron.paid == _total(second)

	payment.cancel()
	second.reload()
	second.cancel()
	assert _summary(customer) == {"RON": (2, _total(first), credited, credited)}
	assert inv_q.invoice_list((customer,))["totals"] == _added_up((customer,))
	# Rebuilt from the invoices, the summary is what the events made of it.
	before = _summary(customer)
	invoice_totals.refresh(customer)
	assert _summary(customer) == before


def test_a_customer_never_summarized_is_added_up_until_its_next_invoice_builds_its_rows(factories):
	customer = factories.customer().name
	factories.list_only_invoices(customer, 5)  # rows written without the documents' events
	assert _summary(customer) == {}
	totals = inv_q.invoice_list((customer,))["totals"]
	assert totals == _added_up((customer,)) and totals[0].count == 5
	factories.sales_invoice(customer)
	assert _summary(customer)["RON"][0] == 6
	assert inv_q.invoice_list((customer,))["totals"] == _added_up((customer,))


def test_a_client_of_two_customers_gets_both_whether_summarized_or_not(factories):
	summarized, rows_only = factories.customer().name, factories.customer().name
	factories.sales_invoice(summarized)
	factories.list_only_invoices(rows_only, 3)
	both = (summarized, rows_only)
	totals = inv_q.invoice_list(both)["totals"]
	assert totals == _added_up(both) and totals[0].count == 4


def _payments_summary(customer: str) -> dict:
	return {
		r.currency: (int(r.payments), flt(r.received, 2), flt(r.refunded, 2))
		for r in payment_totals.summarized((customer,))
	}


def _payments_added_up(customers) -> list:
	return pay_q.payment_list(customers, start=getdate("1900-01-01"))["totals"]


def test_payment_totals_follow_receipts_advances_refunds_and_cancel(factories):
	customer = factories.customer().name
	invoice = factories.sales_invoice(customer, [(factories.item().name, 1, 1000)])
	paid = _total(invoice)
	factories.payment(invoice.name)
	assert _payments_summary(customer) == {"RON": (1, paid, 0)}  # the first payment builds the row
	advance = finance.make_customer_payment(customer, 300, reference="AVANS-SUMAR")
	assert _payments_summary(customer) == {"RON": (2, paid + 300, 0)}
	# What is not yet allocated is read from the payments, not kept.
	(ron,) = pay_q.payment_list((customer,))["totals"]
	assert ron.count == 2 and ron.received == paid + 300 and ron.unallocated == 300
	assert pay_q.payment_list((customer,))["totals"] == _payments_added_up((customer,))

	note = finance.make_credit_note(invoice.name, 1, against_invoice=False)
	refund = finance.make_refund(note.name)
	assert _payments_summary(customer) == {"RON": (3, paid + 300, -_total(note))}
	assert pay_q.payment_list((customer,))["totals"] == _payments_added_up((customer,))

	advance.cancel()
	refund.cancel()
	assert _payments_summary(customer) == {"RON": (1, paid, 0)}
	assert pay_q.payment_list((customer,))["totals"] == _payments_added_up((customer,))
	before = _payments_summary(customer)
	payment_totals.refresh(customer)
	assert _payments_summary(customer) == before


def test_unfiltered_invoice_list_runs_three_queries_for_one_invoice_or_two_hundred(factories):
	few, many = factories.customer().name, factories.customer().name
	factories.sales_invoice(few)
	factories.list_only_invoices(many, 200)
	invoice_totals.refresh(many)
	counts = [count_queries(lambda c=c: inv_q.invoice_list((c,))) for c in (few, many)]
	assert counts == [3, 3]
	assert count_queries(lambda: inv_q.invoice_list((many,), status="Overdue")) == 2


def test_a_renamed_customer_keeps_its_totals_and_file_kinds(factories):
	customer = factories.customer().name
	invoice = factories.sales_invoice(customer)
	factories.file("Sales Invoice", invoice.name, "factura.pdf")
	factories.payment(invoice.name)
	before, payments = _summary(customer), _payments_summary(customer)
	new = frappe.rename_doc("Customer", customer, customer + " Renamed", force=True)
	assert _summary(new) == before and _summary(customer) == {}
	assert _payments_summary(new) == payments and _payments_summary(customer) == {}
	assert file_kinds.with_files((new,)) == {"Sales Invoice"}
	assert file_kinds.with_files((customer,)) == set()


def _branch(kind: str) -> str:
	"""How the library's branch of `kind` looks its files up (queries/files.py)."""
	return f"`tabFile`.attached_to_doctype = '{kind}'"


def _library_sql(customers) -> tuple[dict, str]:
	calls = []
	real = frappe.db.sql

	def capture(query, *args, **kwargs):
		calls.append(str(query))
		return real(query, *args, **kwargs)

	frappe.db.sql = capture
	try:
		listed = files_q.library(customers, files_q.clean_filters({}))
	finally:
		frappe.db.sql = real
	return listed, "\n".join(calls)


def test_the_library_skips_invoices_payments_and_offers_without_files_until_one_is_attached(factories):
	customer = factories.customer().name
	invoice = factories.sales_invoice(customer)
	factories.payment(invoice.name)
	factories.quotation(customer)
	assert file_kinds.with_files((customer,)) == set()
	listed, sql = _library_sql((customer,))
	assert listed["total"] == 0
	for kind in file_kinds.TRACKED:
		assert _branch(kind) not in sql, kind
	assert _branch("Project") in sql  # untracked kinds are always read

	attached = factories.file("Sales Invoice", invoice.name, "factura-semnata.pdf")
	assert file_kinds.with_files((customer,)) == {"Sales Invoice"}
	listed, sql = _library_sql((customer,))
	assert [f.name for f in listed["files"]] == [attached.name]
	assert _branch("Sales Invoice") in sql


def test_a_file_on_a_draft_counts_for_the_customer_the_draft_is_submitted_for(factories):
	first, second = factories.customer().name, factories.customer().name
	item = factories.item().name
	draft = builders.make_sales_invoice(first, [(item, 1, 100)], submit=False)
	attached = factories.file("Sales Invoice", draft.name, "anexa.pdf")
	draft.reload()
	draft.customer = draft.customer_name = second
	draft.save()
	assert file_kinds.with_files((second,)) == set()
	draft.submit()
	assert file_kinds.with_files((second,)) == {"Sales Invoice"}
	listed = files_q.library((second,), files_q.clean_filters({}))
	assert [f.name for f in listed["files"]] == [attached.name]
	assert files_q.library((first,), files_q.clean_filters({}))["total"] == 0
