"""The CIUS-RO / EN 16931 rules that ERPNext data can break, checked before anything is sent.

Each rule looks at the data `ubl.py` writes (`data.invoice_data`), so what passes here is what ANAF
receives; each failure names its rule and, in the user's language (Romanian for staff here), the
ERPNext field to fix. Rules the builder satisfies by construction (CustomizationID, type codes,
element order, currency codes, 2-decimal amounts) are not repeated: the XSD check and the golden
tests cover them. ANAF's own `validare` service stays the authority.
"""

from __future__ import annotations

import re

from frappe import _

from ralom_portal.efactura import codes

_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")


def _address(who: str, address: dict | None, ids: dict) -> list[tuple[str, str]]:
	"""Seller (BT-35..40, BR-08/09, BR-RO-080..111) or buyer (BT-50..55, BR-10/11) address rules."""
	errors = []
	if not address:
		return [
			(
				ids["missing"],
				_("The company has no address")
				if who == "seller"
				else _("The customer has no billing address"),
			)
		]
	label = _("The company's address") if who == "seller" else _("The customer's address")
	if not address.get("street"):
		errors.append((ids["street"], _("{0} has no street (Address Line 1)").format(label)))
	if not address.get("city"):
		errors.append((ids["city"], _("{0} has no city").format(label)))
	if not address.get("country"):
		errors.append((ids["country"], _("{0} has no country").format(label)))
	if address.get("country") == "RO":
		if not address.get("county"):
			if address.get("state"):
				errors.append(
					(
						ids["county"],
						_("{0} has a county that is not a Romanian county: {1}").format(
							label, address["state"]
						),
					)
				)
			else:
				errors.append((ids["county"], _("{0} has no county").format(label)))
		elif address["county"] == "RO-B" and address.get("city") not in {f"SECTOR{n}" for n in range(1, 7)}:
			errors.append(
				(
					ids["sector"],
					_("{0} is in Bucharest but names no sector (Sector 1 to 6) in its city").format(label),
				)
			)
	return errors


# CIUS-RO numbers the street and city rules per party (080 seller, 090 buyer); the county and
# Bucharest-sector rules (110, 100) hold for every Romanian address.
SELLER_IDS = {
	"missing": "BR-08",
	"street": "BR-RO-080",
	"city": "BR-RO-080",
	"country": "BR-09",
	"county": "BR-RO-110",
	"sector": "BR-RO-100",
}
BUYER_IDS = {
	"missing": "BR-10",
	"street": "BR-RO-090",
	"city": "BR-RO-090",
	"country": "BR-11",
	"county": "BR-RO-110",
	"sector": "BR-RO-100",
}


def check(data: dict) -> list[tuple[str, str]]:
	"""[(rule id, message)]: empty when the invoice may be sent."""
	errors: list[tuple[str, str]] = []
	seller, buyer = data["seller"], data["buyer"]
	if not re.search(r"\d", data["number"] or ""):
		errors.append(("BR-RO-010", _("The invoice number must contain at least one digit (naming series)")))
	if not seller["name"]:
		errors.append(("BR-06", _("The company has no name")))
	if not buyer["name"]:
		errors.append(("BR-07", _("The customer has no name")))
	errors += _address("seller", seller["address"], SELLER_IDS)
	errors += _address("buyer", buyer["address"], BUYER_IDS)
	categories = {line["category"] for line in data["lines"]}
	if not seller["vat_id"] and categories & {"S", "Z", "E", "AE"}:
		errors.append(("BR-RO-065", _("The company has no VAT ID (Tax ID with the RO prefix)")))
	if not (buyer["vat_id"] or buyer["legal_id"]):
		errors.append(("BR-RO-120", _("The customer has no CUI (Tax ID)")))
	if "AE" in categories and not buyer["vat_id"]:
		errors.append(
			("BR-AE-02", _("Reverse charge needs the customer's VAT ID (Tax ID with the country prefix)"))
		)
	if not data["lines"]:
		errors.append(("BR-16", _("The invoice has no lines")))
	errors += _lines(data["lines"])
	errors += _breakdown(data)
	errors += _totals(data)
	if not seller["iban"]:
		errors.append(("BR-61", _("The company has no IBAN (Company: IBAN for transfers)")))
	elif not _IBAN.match(seller["iban"]):
		errors.append(("BR-61", _("The company's IBAN is not valid: {0}").format(seller["iban"])))
	for description in data["unsupported_taxes"]:
		errors.append(
			(
				"BR-CO-14",
				_(
					"The tax row {0} is an actual amount, not a VAT rate; e-Factura needs VAT as a rate"
				).format(description),
			)
		)
	return errors


def _lines(lines: list[dict]) -> list[tuple[str, str]]:
	errors = []
	units = set()
	for line in lines:
		if not line["unit"] and line["uom"] not in units:
			units.add(line["uom"])
			errors.append(
				(
					"BR-23",
					_("The unit {0} has no UN/ECE Rec 20 code: add it in e-Factura Settings").format(
						line["uom"] or "?"
					),
				)
			)
		if not line["name"]:
			errors.append(("BR-25", _("Line {0} has no item name").format(line["id"])))
		if line["price"] < 0:
			errors.append(("BR-27", _("Line {0} has a negative price").format(line["id"])))
		if line["category"] is None:
			errors.append(
				(
					"BR-CO-04",
					_("Line {0} has a 0% VAT rate: choose the VAT Category for 0% Lines (e-Factura)").format(
						line["id"]
					),
				)
			)
	return errors


def _breakdown(data: dict) -> list[tuple[str, str]]:
	errors = []
	for row in data["breakdown"]:
		category, rate = row["category"], row["rate"]
		if category == "S" and rate <= 0:
			errors.append(("BR-S-05", _("A standard-rated VAT line must have a rate above 0%")))
		if category in ("Z", "E", "AE") and rate != 0:
			errors.append((f"BR-{category}-05", _("VAT category {0} must have a 0% rate").format(category)))
		if category in ("E", "AE") and not row["reason"]:
			errors.append((f"BR-{category}-10", _("The VAT Exemption Reason (e-Factura) is missing")))
		if category in codes.VAT_CATEGORIES and abs(row["tax"] - row["taxable"] * rate / 100) > 0.01 * max(
			1, len(data["lines"])
		):
			errors.append(("BR-CO-17", _("The VAT at {0}% does not match its taxable amount").format(rate)))
	return errors


def _totals(data: dict) -> list[tuple[str, str]]:
	totals = data["totals"]
	errors = []
	if abs(totals["tax"] - data["erpnext_tax"]) > 0.005:
		errors.append(
			(
				"BR-CO-14",
				_("The VAT in the XML ({0}) differs from the invoice's taxes ({1})").format(
					totals["tax"], data["erpnext_tax"]
				),
			)
		)
	if abs(totals["tax_inclusive"] - data["erpnext_grand_total"]) > 0.01:
		errors.append(
			(
				"BR-CO-15",
				_("The total with VAT in the XML ({0}) differs from the invoice's grand total ({1})").format(
					totals["tax_inclusive"], data["erpnext_grand_total"]
				),
			)
		)
	if data["tax_currency"] and data["tax_in_ron"] is None:
		errors.append(("BR-RO-030", _("The invoice's VAT in RON is missing (exchange rate)")))
	return errors
