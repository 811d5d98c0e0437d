"""e-Factura files for the portal: an invoice's XML or signed ZIP, and a period's archive.

Through the invoice rule (`rules.sales_invoice`) only: the files themselves are internal (no File
rule reaches them), so an invoice the client cannot see has no file either. One query each.
"""

from __future__ import annotations

import frappe

from ralom_portal.access import rules

FIELDS = {"xml": "ralom_efactura_xml", "zip": "ralom_efactura_signed_zip"}
_VALIDATED = "ifnull(si.ralom_efactura_status, '') = 'Validated'"


def invoice_file(customers: tuple[str, ...], name: str, kind: str) -> dict | None:
	"""The File row (file_name, file_url, is_private) of the invoice's XML or signed ZIP, or None.
	The signed ZIP only once ANAF validated the invoice."""
	if kind not in FIELDS or not customers:
		return None
	condition = rules.sales_invoice(customers).replace("`tabSales Invoice`", "si")
	if kind == "zip":
		condition += f" and {_VALIDATED}"
	rows = frappe.db.sql(
		f"""select f.name, f.file_name, f.file_url, f.is_private
		from `tabSales Invoice` si join `tabFile` f on f.name = si.{FIELDS[kind]}
			and f.attached_to_doctype = 'Sales Invoice' and f.attached_to_name = si.name
		where si.name = %(name)s and {condition}""",
		{"name": name},
		as_dict=True,
	)
	return rows[0] if rows else None


def archive_rows(customers: tuple[str, ...], start, end, limit: int) -> list[dict]:
	"""Invoices of the period with their sent XML and, when validated, the signed ZIP (at most
	`limit` + 1 rows, so the caller can tell when there are too many)."""
	if not customers:
		return []
	condition = rules.sales_invoice(customers).replace("`tabSales Invoice`", "si")
	return frappe.db.sql(
		f"""select si.name, si.ralom_efactura_upload_index as upload_index,
			x.file_url as xml_url, x.is_private as xml_private, ifnull(x.file_size, 0) as xml_size,
			z.file_url as zip_url, z.is_private as zip_private, ifnull(z.file_size, 0) as zip_size
		from `tabSales Invoice` si
			join `tabFile` x on x.name = si.ralom_efactura_xml and x.attached_to_name = si.name
			left join `tabFile` z on z.name = si.ralom_efactura_signed_zip and z.attached_to_name = si.name
				and {_VALIDATED}
		where {condition} and si.posting_date between %(start)s and %(end)s
		order by si.posting_date, si.name
		limit %(limit)s""",
		{"start": start, "end": end, "limit": limit + 1},
		as_dict=True,
	)
