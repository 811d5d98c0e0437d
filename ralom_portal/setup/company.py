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
	ensure_legal_data()
	from ralom_portal.setup.website import brand_website

	brand_website()
	frappe.db.commit()
	return frappe.db.get_single_value("Global Defaults", "default_company") or COMPANY


# The demo company's legal data (a made-up CUI with a valid check digit), filled only where empty.
LEGAL_DATA = {
	"tax_id": "RO42857102",
	"ralom_reg_com": "J22/1234/2019",
	"ralom_iban": "RO49AAAA1B31007593840000",
	"ralom_bank": "Banca Transilvania",
}
DEMO_LOGO = "/assets/ralom_portal/images/ralom-logo.svg"
ADDRESS = {"address_line1": "Str. Palat nr. 1", "city": "Iași", "pincode": "700019", "state": "Iași"}


def ensure_legal_data() -> None:
	company = frappe.db.get_single_value("Global Defaults", "default_company") or COMPANY
	if not frappe.db.exists("Company", company) or not frappe.get_meta("Company").has_field("ralom_iban"):
		return
	current = frappe.db.get_value("Company", company, list(LEGAL_DATA), as_dict=True)
	missing = {k: v for k, v in LEGAL_DATA.items() if not current.get(k)}
	# The demo company's logo (the app's own), on its documents and its login page.
	if not frappe.db.get_value("Company", company, "company_logo"):
		missing["company_logo"] = DEMO_LOGO
	if missing:
		frappe.db.set_value("Company", company, missing)
	if not frappe.db.exists(
		"Dynamic Link", {"link_doctype": "Company", "link_name": company, "parenttype": "Address"}
	):
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": company,
				"address_type": "Billing",
				"country": "Romania",
				"is_your_company_address": 1,
				**ADDRESS,
				"links": [{"link_doctype": "Company", "link_name": company}],
			}
		).insert(ignore_permissions=True)


def warn_missing_legal_data(doc, method=None) -> None:
	"""Company.validate: client documents print the CUI, Reg. Com., IBAN and bank; say what is missing."""
	labels = {"tax_id": "Tax ID (CUI)", "ralom_reg_com": "Trade Register No.", "ralom_iban": "IBAN"}
	missing = [frappe._(label) for field, label in labels.items() if not doc.get(field)]
	if missing:
		frappe.msgprint(
			frappe._("Complete the company's legal data for client documents: {0}.").format(
				", ".join(missing)
			),
			indicator="orange",
			alert=True,
		)


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
