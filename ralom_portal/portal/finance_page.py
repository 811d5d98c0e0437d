"""The shared front of the "Invoices & Payments" pages: filters from the query string, cleaned.

Bad input never fails a page: it becomes a safe default plus a translated notice (see
`portal/queries/params.py`).
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.portal.page import pager, prepare
from ralom_portal.portal.queries import params


def prepare_tab(context, tab: str, title: str) -> tuple[str, ...]:
	"""The shell of one tab of the invoices section (invoices, payments, statement): the section's
	customers, with the tab marked in the section's tab bar."""
	customers = prepare(context, "invoices", title=title)
	if customers:
		context.finance_tab = tab
	return customers


def list_filters(context, *, statuses=None) -> dict:
	"""status / from / to / q / page / page_size of a list page; sets what the template needs."""
	form = frappe.form_dict
	notices: list[str] = []
	status = params.choice(form.get("status"), statuses, notices, _("status")) if statuses else None
	start, end = params.period(form.get("from"), form.get("to"), notices)
	search = params.search_text(form.get("q"), notices)
	size = params.page_size(form.get("page_size"))
	filters = {"status": status, "start": start, "end": end, "search": search}
	context.notices = notices
	context.filters = frappe._dict(
		status=status or "", start=str(start or ""), end=str(end or ""), search=search, page_size=size
	)
	context.page_sizes = params.PAGE_SIZES
	# Kept in the pager's links (see `set_pager`).
	context.pager_params = {"status": status, "from": start, "to": end, "q": search, "page_size": size}
	return {**filters, "page": params.page_number(form.get("page")), "page_size": size}


def set_pager(context, data: dict) -> None:
	"""The shared pager (templates/portal/macros.html) for a list result, keeping the filters."""
	context.update(data)
	context.pager = pager(data["page"], data["pages"], **context.pager_params)
