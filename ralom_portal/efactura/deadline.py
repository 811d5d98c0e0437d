"""e-Factura's deadline: a B2B invoice goes to ANAF within 5 working days of its date.

Late: submitted invoices not sent (or rejected and not yet sent again) whose 5th working day after
the invoice date has passed. Working days skip Saturdays, Sundays and the dates of the company's
holiday list (Company → Default Holiday List), when it has one. Read by the "e-Factura Deadline"
report. Only invoices dated since B2B e-Factura became mandatory (2024-01-01) count, newest first.
"""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

WORKING_DAYS = 5
LIMIT = 2000
MANDATORY_SINCE = date(2024, 1, 1)


def due_date(invoice_date, holidays: set[date] = frozenset()) -> date:
	"""The last day to send an invoice dated `invoice_date`: its 5th working day after."""
	day, left = getdate(invoice_date), WORKING_DAYS
	while left:
		day += timedelta(days=1)
		if day.weekday() < 5 and day not in holidays:
			left -= 1
	return day


def _holidays(companies: set[str]) -> set[date]:
	lists = {frappe.get_cached_value("Company", c, "default_holiday_list") for c in companies} - {None, ""}
	if not lists:
		return set()
	rows = frappe.get_all("Holiday", filters={"parent": ("in", list(lists))}, pluck="holiday_date")
	return {getdate(d) for d in rows}


def late(company: str | None = None, today=None) -> list[dict]:
	"""Invoices past the deadline and rejected ones (newest first), with how late they are. One query
	for the candidates: only invoices at least 5 calendar days old can be 5 working days old."""
	today = getdate(today)
	conditions = [
		"si.docstatus = 1",
		"ifnull(si.ralom_efactura_status, '') in ('', 'Not Sent', 'Rejected')",
		"si.posting_date >= %(since)s",
		"(si.posting_date <= %(latest)s or si.ralom_efactura_status = 'Rejected')",
	]
	if company:
		conditions.append("si.company = %(company)s")
	rows = frappe.db.sql(
		f"""select si.name, si.customer, si.customer_name, si.company, si.posting_date, si.is_return,
			ifnull(nullif(si.ralom_efactura_status, ''), 'Not Sent') as efactura_status,
			si.ralom_efactura_errors as errors
		from `tabSales Invoice` si where {" and ".join(conditions)}
		order by si.posting_date desc, si.name desc limit %(limit)s""",
		{
			"since": MANDATORY_SINCE,
			"latest": today - timedelta(days=WORKING_DAYS),
			"company": company,
			"limit": LIMIT,
		},
		as_dict=True,
	)
	holidays = _holidays({r.company for r in rows})
	result = []
	for row in rows:
		row.deadline = due_date(row.posting_date, holidays)
		if row.deadline < today or row.efactura_status == "Rejected":
			row.days_late = max((today - row.deadline).days, 0)
			result.append(row)
	return result
