"""The seller's legal and bank data: the payment instructions on the invoice page and the header of
every printed document (portal/documents.py).

ERPNext's own Company (name, CUI = tax_id) and the portal's `ralom_reg_com`, `ralom_iban` and
`ralom_bank` fields on it (setup/custom_fields.py, shared with the printed documents); when the IBAN
is not filled in there, the company's default Bank Account. One query.
"""

from __future__ import annotations

import frappe

from ralom_portal.setup.company import default_company


def seller(company: str | None = None) -> frappe._dict:
	company = company or default_company()
	rows = frappe.db.sql(
		"""select c.name as company, c.company_name, c.company_logo, c.tax_id,
			c.ralom_reg_com as trade_register,
			ifnull(nullif(c.ralom_iban, ''), ba.iban) as iban,
			ifnull(nullif(c.ralom_bank, ''), ba.bank) as bank
		from `tabCompany` c
		left join `tabBank Account` ba on ba.name = (select b.name from `tabBank Account` b
			where b.company = c.name and b.is_company_account = 1 and ifnull(b.disabled, 0) = 0
			order by b.is_default desc, b.creation limit 1)
		where c.name = %s""",
		company,
		as_dict=True,
	)
	return rows[0] if rows else frappe._dict(company=company)
