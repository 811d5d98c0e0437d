"""Non-interactive ERPNext setup for a Romanian supplier company.

Used by `bench --site SITE ralom-portal setup-company` (dev and test sites) and as the
`before_tests` hook. It runs ERPNext's own setup wizard stages, so the site ends up exactly as
if a person had completed the wizard.
"""

import frappe
from frappe.utils import getdate, nowdate

COMPANY = "RALOM Business Solutions SRL"
ABBR = "RBS"


def complete_setup() -> str:
	if not frappe.db.get_single_value("System Settings", "setup_complete"):
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		year = getdate(nowdate()).year
		setup_complete(
			{
				"language": "English",
				"country": "Romania",
				"timezone": "Europe/Bucharest",
				"currency": "RON",
				"company_name": COMPANY,
				"company_abbr": ABBR,
				"company_tagline": "Soluții de business",
				"chart_of_accounts": "Standard",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
				"full_name": "RALOM Admin",
				"email": "admin@ralom.ro",
				"password": frappe.generate_hash(length=16),
				"industry": "Manufacturing",
				"setup_demo": 0,
			}
		)
	ensure_fiscal_years()
	romanian_formats()
	frappe.db.commit()
	return frappe.db.get_single_value("Global Defaults", "default_company") or COMPANY


def ensure_fiscal_years() -> None:
	"""Calendar fiscal years around today, so demo and test dates always fall in one."""
	year = getdate(nowdate()).year
	for y in (year - 1, year, year + 1):
		if frappe.db.exists("Fiscal Year", str(y)):
			continue
		if frappe.db.sql(
			"select name from `tabFiscal Year` where year_start_date <= %s and year_end_date >= %s",
			(f"{y}-01-01", f"{y}-12-31"),
		):
			continue
		fy = frappe.new_doc("Fiscal Year")
		fy.year = str(y)
		fy.year_start_date = f"{y}-01-01"
		fy.year_end_date = f"{y}-12-31"
		fy.append("companies", {"company": default_company()})
		fy.insert(ignore_permissions=True)


def romanian_formats() -> None:
	"""Amounts as Romanians write them: 2.533,80 lei."""
	if frappe.db.get_default("number_format") != "#.###,##":
		frappe.db.set_single_value("System Settings", "number_format", "#.###,##")
		# System Settings.on_update mirrors its values into defaults; set_single_value skips that.
		frappe.db.set_default("number_format", "#.###,##")
	frappe.db.set_value(
		"Currency", "RON", {"symbol": "lei", "symbol_on_right": 1, "number_format": "#.###,##"}
	)
	frappe.clear_cache()


def default_company() -> str:
	return frappe.db.get_single_value("Global Defaults", "default_company") or COMPANY
