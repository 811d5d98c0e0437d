"""Statement of account parameters (period, currency) shared by the page and its PDF."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.portal.queries import params
from ralom_portal.portal.queries import statement as statement_q


def statement_for(customers, form, *, paged: bool = False) -> tuple[dict, list[str]]:
	"""The statement the query string asks for (`from`, `to`, `currency`), and notices about input
	that was corrected. Defaults: this year to date, the client's first currency.

	`paged` (the page, not the PDF): one `page` of the lines, `page_size` of them as in the invoices
	list; the PDF keeps every line of the period."""
	notices: list[str] = []
	default_from, default_to = statement_q.default_period()
	start, end = params.period(
		form.get("from"), form.get("to"), notices, default_from=default_from, default_to=default_to
	)
	currency = form.get("currency")
	paging = (
		{"page": params.page_number(form.get("page")), "page_size": params.page_size(form.get("page_size"))}
		if paged
		else {}
	)
	data = statement_q.statement(
		customers, start, end, currency if isinstance(currency, str) else None, **paging
	)
	if currency and currency != data["currency"]:
		notices.append(_("Unknown currency; showing {0}.").format(data["currency"] or "—"))
	return data, notices


def labels_language(value) -> str:
	return value if value in ("ro", "en") else (frappe.local.lang or "ro")[:2]
