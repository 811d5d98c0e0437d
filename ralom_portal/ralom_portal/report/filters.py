"""Filters of the desk reports, checked before any query: a bad value is refused with a translated
message (never silently widened), and every value reaches SQL as a query parameter.
"""

from __future__ import annotations

import re
from datetime import date

import frappe
from frappe import _
from frappe.utils import add_years, getdate

# A report period longer than this is refused (a typo such as 0202-01-01 would scan everything).
MAX_PERIOD_YEARS = 5
MAX_TEXT = 140
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clean(filters) -> frappe._dict:
	"""The report's filters as a dict (Frappe passes a dict, a JSON string or None)."""
	if isinstance(filters, str):
		filters = frappe.parse_json(filters)
	if filters is not None and not isinstance(filters, dict):
		frappe.throw(_("The report filters are not valid."))
	return frappe._dict(filters or {})


def text(filters: dict, key: str, label: str) -> str | None:
	value = filters.get(key)
	if value in (None, ""):
		return None
	if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
		frappe.throw(_("{0} is not valid.").format(_(label)))
	return value.strip() or None


def choice(filters: dict, key: str, label: str, allowed) -> str | None:
	value = text(filters, key, label)
	if value is not None and value not in allowed:
		frappe.throw(_("{0} must be one of: {1}.").format(_(label), ", ".join(_(a) for a in allowed)))
	return value


def like(value: str) -> str:
	"""A LIKE pattern that matches `value` literally anywhere (% and _ are escaped)."""
	escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	return f"%{escaped}%"


def a_date(filters: dict, key: str, label: str) -> date | None:
	value = filters.get(key)
	if value in (None, ""):
		return None
	if isinstance(value, date):
		return value
	if not isinstance(value, str) or not _DATE.match(value.strip()):
		frappe.throw(_("{0} is not a valid date (use YYYY-MM-DD).").format(_(label)))
	try:
		parsed = getdate(value.strip())
	except Exception:
		parsed = None
	if not parsed or parsed.year < 2000 or parsed.year > 2100:
		frappe.throw(_("{0} is not a valid date (use YYYY-MM-DD).").format(_(label)))
	return parsed


def period(filters: dict) -> tuple[date | None, date | None]:
	start = a_date(filters, "from_date", "From Date")
	end = a_date(filters, "to_date", "To Date")
	if start and end and start > end:
		frappe.throw(_("From Date must be before To Date."))
	if start and end and start < getdate(add_years(end, -MAX_PERIOD_YEARS)):
		frappe.throw(_("A report period can span at most {0} years.").format(MAX_PERIOD_YEARS))
	return start, end


def company(filters: dict) -> str | None:
	"""A company that exists and that the user may see (User Permissions on Company apply)."""
	value = text(filters, "company", "Company")
	if value is None:
		return None
	if not frappe.db.exists("Company", value) or not frappe.has_permission("Company", "read", value):
		frappe.throw(_("Company {0} does not exist or is not one you can report on.").format(value))
	return value


def customer(filters: dict) -> str | None:
	value = text(filters, "customer", "Customer")
	if value is not None and not frappe.db.exists("Customer", value):
		frappe.throw(_("Customer {0} does not exist.").format(value))
	return value
