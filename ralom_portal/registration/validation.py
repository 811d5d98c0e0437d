"""Server-side checks for what a guest types into the registration and invitation forms.

Everything is refused with a translated message before anything is written. The rules are
deliberately narrow: plain e-mail addresses only (no display names), no markup or template code
in any field, bounded lengths.
"""

from __future__ import annotations

import re

import frappe
from frappe import _

from ralom_portal.utils.cui import is_valid_cui, normalize
from ralom_portal.utils.text import has_markup

LANGUAGES = ("ro", "en")
ROMANIA = "Romania"

MAX_LENGTH = {
	"full_name": 140,
	"email": 140,
	"company_name": 140,
	"tax_id": 20,
	"phone": 30,
	"country": 100,
	"rejection_reason": 1000,
	"first_name": 140,
}

# A plain address: local part and domain, nothing else (no "Name <addr>", no spaces, no comments).
_EMAIL = re.compile(
	r"^[a-z0-9](?:[a-z0-9._%+'-]{0,62}[a-z0-9_%+'-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$"
)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,28}[0-9]$")
_TAX_ID = re.compile(r"^[A-Z0-9][A-Z0-9./-]{1,19}$")

LABELS = {
	"full_name": "Full name",
	"email": "Email",
	"company_name": "Company name",
	"tax_id": "Tax ID (CUI)",
	"phone": "Phone",
	"country": "Country",
	"language": "Preferred language",
	"rejection_reason": "Reason",
	"first_name": "First name",
}


def label(field: str) -> str:
	return _(LABELS.get(field, field))


def refuse_invalid_form(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Please check the form"))


def text(value, field: str, *, required: bool = True) -> str:
	"""A single-line text value: trimmed, bounded, free of markup and control characters."""
	if value is not None and not isinstance(value, str):
		refuse_invalid_form(_("{0} is not valid.").format(label(field)))
	value = re.sub(r"\s+", " ", value or "").strip()
	if not value:
		if required:
			refuse_invalid_form(_("{0} is required.").format(label(field)))
		return ""
	if len(value) > MAX_LENGTH.get(field, 140):
		refuse_invalid_form(
			_("{0} is too long (at most {1} characters).").format(label(field), MAX_LENGTH.get(field, 140))
		)
	# Markup, script and template code have no place in a name, company, phone or tax id.
	if has_markup(value, identity=True):
		refuse_invalid_form(_("{0} must not contain HTML, script or code.").format(label(field)))
	return value


def email(value) -> str:
	"""A plain e-mail address, lower-cased. "Name <a@b.ro>" and similar tricks are refused."""
	raw = value if isinstance(value, str) else ""
	if not raw.strip():
		refuse_invalid_form(_("{0} is required.").format(label("email")))
	if has_markup(raw, identity=True) or '"' in raw or "," in raw or ";" in raw:
		refuse_invalid_form(_("Enter only your e-mail address, without a name or other text."))
	address = raw.strip().lower()
	if len(address) > MAX_LENGTH["email"] or not _EMAIL.match(address) or ".." in address:
		refuse_invalid_form(_("Enter a valid e-mail address."))
	return address


def phone(value, *, required: bool = True) -> str:
	value = text(value, "phone", required=required)
	if value and not _PHONE.match(value):
		refuse_invalid_form(_("Enter a valid phone number."))
	return value


def language(value) -> str:
	value = (value or "").strip().lower() if isinstance(value, str) else ""
	if value not in LANGUAGES:
		refuse_invalid_form(_("Choose Romanian or English."))
	return value


def country(value) -> str:
	value = text(value, "country", required=False) or ROMANIA
	if not frappe.db.exists("Country", value):
		refuse_invalid_form(_("Choose a country from the list."))
	return value


def tax_id(value, country_name: str) -> str:
	"""Romanian CUI (with its check digit) for Romania or an RO prefix; a plain tax id otherwise."""
	value = text(value, "tax_id")
	value = normalize(value)
	if not _TAX_ID.match(value):
		refuse_invalid_form(_("The tax ID may contain only letters, digits, dots, dashes and slashes."))
	if country_name == ROMANIA or value.startswith("RO"):
		if not is_valid_cui(value):
			refuse_invalid_form(_("The tax ID (CUI) is not valid: check the digits."))
	return value


def consent(value) -> None:
	if str(value or "").strip().lower() not in ("1", "true", "on", "yes"):
		refuse_invalid_form(_("You must agree to the terms to create an account."))


def tax_id_variants(value: str | None) -> list[str]:
	"""The spellings under which the same tax id may be stored on a Customer (with or without RO)."""
	value = normalize(value or "")
	if not value:
		return []
	digits = value[2:] if value.startswith("RO") and value[2:].isdigit() else value
	variants = {value, digits}
	if digits.isdigit():
		variants.add("RO" + digits)
	return sorted(variants)
