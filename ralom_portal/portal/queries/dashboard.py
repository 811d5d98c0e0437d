"""Dashboard figures: a fixed number of queries whatever the number of records."""

import frappe
from frappe.utils import nowdate

from ralom_portal.access import rules


def summary(customers: tuple[str, ...]) -> dict:
	today = nowdate()
	offers = frappe.db.sql(
		f"""select
			sum(status in ('Open', 'Replied') and ifnull(valid_till, %(today)s) >= %(today)s
				and ifnull(ralom_portal_decision, '') = '') as to_decide,
			count(*) as total
		from `tabQuotation` where {rules.quotation(customers)}""",
		{"today": today},
		as_dict=True,
	)[0]
	invoices = frappe.db.sql(
		f"""select
			ifnull(sum(outstanding_amount), 0) as outstanding,
			ifnull(sum(case when outstanding_amount > 0 and due_date < %(today)s then outstanding_amount end), 0) as overdue,
			sum(outstanding_amount > 0) as unpaid,
			max(currency) as currency
		from `tabSales Invoice` where {rules.sales_invoice(customers)}""",
		{"today": today},
		as_dict=True,
	)[0]
	projects = frappe.db.sql(
		f"""select name, project_name, status, percent_complete, expected_end_date
		from `tabProject` where {rules.project(customers)} and status = 'Open'
		order by expected_end_date is null, expected_end_date, name limit 5""",
		as_dict=True,
	)
	recent_offers = frappe.db.sql(
		f"""select name, transaction_date, valid_till, grand_total, currency, status
		from `tabQuotation` where {rules.quotation(customers)}
		order by transaction_date desc, name desc limit 5""",
		as_dict=True,
	)
	return {
		"offers_to_decide": int(offers.to_decide or 0),
		"offers_total": int(offers.total or 0),
		"outstanding": invoices.outstanding or 0,
		"overdue": invoices.overdue or 0,
		"unpaid_invoices": int(invoices.unpaid or 0),
		"currency": invoices.currency or "RON",
		"active_projects": projects,
		"recent_offers": recent_offers,
	}
