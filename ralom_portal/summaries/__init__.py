"""Per-customer summaries the portal keeps beside ERPNext's documents, so a page of a client with
thousands of records costs what a page of a small client costs (issue 29; README, "The big customer").

Each summary holds only what ERPNext never changes on a submitted document (a total, a currency, a
customer), is updated from document events, and is rebuilt from the documents on every migrate
(`ensure`), so a bulk write that bypassed the events is repaired by `bench migrate`. They are plain
`__`-prefixed tables, like Frappe's own derived data (`__global_search`): not documents, nothing to
permission, backed up with the site.
"""

from __future__ import annotations

import frappe


def ensure() -> None:
	"""Create the summary tables and rebuild them from the documents (install, migrate)."""
	from ralom_portal.summaries import file_kinds, invoice_totals, payment_totals

	for module in (invoice_totals, payment_totals, file_kinds):
		frappe.db.sql_ddl(module.DDL)
		module.rebuild()
	frappe.db.commit()


def refresh(customer: str) -> None:
	"""One customer's summaries from its documents (after writing its rows in bulk)."""
	from ralom_portal.summaries import file_kinds, invoice_totals, payment_totals

	invoice_totals.refresh(customer)
	payment_totals.refresh(customer)
	file_kinds.refresh(customer)


def on_customer_rename(doc, method=None, old=None, new=None, merge=False) -> None:
	"""A renamed (or merged) customer: Frappe rewrote the documents' links, the summaries follow."""
	from ralom_portal.summaries import file_kinds, invoice_totals, payment_totals

	old, new = old or doc.name, new or doc.name
	invoice_totals.rename(old, new)
	payment_totals.rename(old, new)
	file_kinds.rename(old, new)
