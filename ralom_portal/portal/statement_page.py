"""Statement of account parameters (period, currency) shared by the page and its PDF."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.portal.queries import params
from ralom_portal.portal.queries import statement as statement_q


def statement_for(customers, form) -> tuple[dict, list[str]]:
	"""The statement the query string asks for (`from`, `to`, `currency`), and notices about input
	that was corrected. Defaults: this year to date, the client's first currency."""
	notices: list[str] = []
	default_from, default_to = statement_q.default_period()
	start, end = params.period(
		form.get("from"), form.get("to"), notices, default_from=default_from, default_to=default_to
	)
	currency = form.get("currency")
	data = statement_q.statement(customers, start, end, currency if isinstance(currency, str) else None)
	if currency and currency != data["currency"]:
		notices.append(_("Unknown currency; showing {0}.").format(data["currency"] or "—"))
	return data, notices


def labels_language(value) -> str:
	return value if value in ("ro", "en") else (frappe.local.lang or "ro")[:2]
