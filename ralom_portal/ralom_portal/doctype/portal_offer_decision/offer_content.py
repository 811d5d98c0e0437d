"""What a client agrees to when accepting an offer: its lines, taxes, totals and validity, hashed, and
the ERPNext statuses in which an offer may still be decided. The portal's offer page shows the hash;
`decide.py` recomputes it under the row lock and refuses a decision on content that changed.
"""

from __future__ import annotations

import hashlib
import json

import frappe
from frappe.utils import cstr, flt

# ERPNext statuses in which an offer may still be decided.
DECIDABLE_ERP_STATUSES = ("Open", "Replied")


def content_rows(name: str) -> tuple[list[dict], list[dict]]:
	"""Lines and taxes of a quotation (two queries); callers have already checked access."""
	items = frappe.db.sql(
		"""select idx, item_code, item_name, description, qty, uom, rate, amount, is_alternative
		from `tabQuotation Item` where parenttype = 'Quotation' and parent = %s order by idx""",
		name,
		as_dict=True,
	)
	taxes = frappe.db.sql(
		"""select idx, description, rate, tax_amount, total
		from `tabSales Taxes and Charges` where parenttype = 'Quotation' and parent = %s order by idx""",
		name,
		as_dict=True,
	)
	return items, taxes


def content_hash(header, items, taxes) -> str:
	"""SHA-256 over what the client agrees to: lines, quantities, rates, taxes, totals, validity."""

	def num(value) -> str:
		return f"{flt(value):.6f}"

	payload = {
		"name": header.get("name"),
		"valid_till": cstr(header.get("valid_till") or ""),
		"currency": header.get("currency"),
		"totals": [
			num(header.get(f))
			for f in (
				"total",
				"net_total",
				"total_taxes_and_charges",
				"discount_amount",
				"grand_total",
				"rounded_total",
			)
		],
		"items": [
			[
				r.item_code,
				r.item_name,
				num(r.qty),
				r.uom,
				num(r.rate),
				num(r.amount),
				int(r.is_alternative or 0),
			]
			for r in items
		],
		"taxes": [[r.description, num(r.rate), num(r.tax_amount)] for r in taxes],
	}
	return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
