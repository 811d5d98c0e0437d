"""What the offer tests share (`test_offers.py`, `test_offers_http.py`): the content hash a client's
page carries, and the removal of committed records.
"""

from __future__ import annotations

import frappe

from ralom_portal.portal.queries import offers as queries


def _hash(name: str) -> str:
	header = frappe.db.get_value("Quotation", name, "*", as_dict=True)
	items, taxes = queries.content_rows(name)
	return queries.content_hash(header, items, taxes)


def _purge(doctype: str, name: str) -> None:
	for table in frappe.get_meta(doctype).get_table_fields():
		frappe.db.sql(
			f"delete from `tab{table.options}` where parenttype = %s and parent = %s", (doctype, name)
		)
	frappe.db.sql(f"delete from `tab{doctype}` where name = %s", name)
	frappe.db.commit()
