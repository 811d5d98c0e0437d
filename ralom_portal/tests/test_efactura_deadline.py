"""e-Factura's 5-working-day deadline (issue 28): the "e-Factura Deadline" report."""

from datetime import date

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from ralom_portal.demo.efactura import make_billing_address, seed
from ralom_portal.efactura import deadline


def test_the_deadline_counts_five_working_days_skipping_weekends_and_holidays():
	# Friday 4 December 2026: Mon 7 .. Fri 11 are the five working days.
	assert deadline.due_date("2026-12-04") == date(2026, 12, 11)
	# A holiday on Tuesday 8 pushes it to Monday 14.
	assert deadline.due_date("2026-12-04", {date(2026, 12, 8)}) == date(2026, 12, 14)
	# Saturday's invoice: Mon 7 .. Fri 11.
	assert deadline.due_date("2026-12-05") == date(2026, 12, 11)


@pytest.fixture
def invoices(factories):
	customer = factories.customer(tax_id="RO18547290").name
	make_billing_address(customer)
	item = factories.item().name

	def invoice(days_ago):
		return factories.sales_invoice(
			customer, [(item, 1, 100)], vat_rate=19, posting_date=add_days(nowdate(), -days_ago)
		)

	w = frappe._dict(
		late=invoice(20), recent=invoice(1), sent=invoice(20), validated=invoice(25), rejected=invoice(2)
	)
	seed(w.sent, "In Progress", "5002000001")
	seed(w.validated, "Validated", "5002000002")
	seed(w.rejected, "Rejected", "5002000003")
	return w


def test_late_lists_unsent_invoices_past_the_deadline_and_rejected_ones(invoices):
	rows = {r.name: r for r in deadline.late()}
	assert invoices.late.name in rows and invoices.rejected.name in rows
	for name in (invoices.recent.name, invoices.sent.name, invoices.validated.name):
		assert name not in rows
	late = rows[invoices.late.name]
	assert late.days_late == (getdate(nowdate()) - late.deadline).days > 0
	assert rows[invoices.rejected.name].efactura_status == "Rejected"


def test_the_report_refuses_an_unknown_company_and_lists_the_late_invoices(invoices):
	from ralom_portal.ralom_portal.report.e_factura_deadline import e_factura_deadline as report

	columns, rows = report.execute({"company": invoices.late.company})
	assert {c["fieldname"] for c in columns} >= {"name", "deadline", "days_late", "efactura_status"}
	assert invoices.late.name in {r.name for r in rows}
	with pytest.raises(frappe.ValidationError):
		report.execute({"company": "No Such Company SRL"})
