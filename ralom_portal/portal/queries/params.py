"""Query-string parameters of the finance pages, cleaned: dates, periods, pages, page sizes, text.

Nothing here raises: bad input becomes a safe default plus a translated notice the page shows
("the end date was before the start date; the dates were swapped"), so a hand-edited URL never
produces a traceback or a different answer shape.
"""

from __future__ import annotations

import re
from datetime import date

from frappe import _
from frappe.utils import add_days, add_years, cint, formatdate, getdate, nowdate

PAGE_SIZES = (20, 50, 100)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 100000
# A statement longer than this is cut at its start (the from-date moves forward).
MAX_PERIOD_YEARS = 10
MAX_SEARCH = 100
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value, notices: list[str], label: str) -> date | None:
	"""An ISO date (YYYY-MM-DD), or None with a notice when the value is not one."""
	if value in (None, ""):
		return None
	if not isinstance(value, str) or not _DATE.match(value.strip()):
		notices.append(_("{0} is not a valid date (use YYYY-MM-DD); it was ignored.").format(label))
		return None
	try:
		parsed = getdate(value.strip())
	except Exception:
		parsed = None
	if not parsed or parsed.year < 1900:
		notices.append(_("{0} is not a valid date (use YYYY-MM-DD); it was ignored.").format(label))
		return None
	return parsed


def period(
	from_value, to_value, notices: list[str], *, default_from=None, default_to=None
) -> tuple[date | None, date | None]:
	"""(from, to): swapped when reversed, and no longer than MAX_PERIOD_YEARS."""
	start = parse_date(from_value, notices, _("From date")) or (
		getdate(default_from) if default_from else None
	)
	end = parse_date(to_value, notices, _("To date")) or (getdate(default_to) if default_to else None)
	if start and end and start > end:
		start, end = end, start
		notices.append(_("The start date was after the end date; the two dates were swapped."))
	if start and end and start < getdate(add_years(end, -MAX_PERIOD_YEARS)):
		start = getdate(add_days(add_years(end, -MAX_PERIOD_YEARS), 1))
		notices.append(
			_("A period can span at most {0} years; it now starts on {1}.").format(
				MAX_PERIOD_YEARS, formatdate(start)
			)
		)
	return start, end


def page_number(value) -> int:
	"""A page number from 1 to MAX_PAGE; anything else is page 1 (the pager clamps to the last page)."""
	page = cint(value) if isinstance(value, str | int) and str(value).strip().isdigit() else 1
	return min(max(page, 1), MAX_PAGE)


def page_size(value) -> int:
	"""One of PAGE_SIZES; 0, 100000 or words give the default."""
	size = cint(value) if isinstance(value, str | int) and str(value).strip().isdigit() else 0
	return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


def search_text(value, notices: list[str]) -> str:
	"""Search text as plain text: trimmed, at most MAX_SEARCH characters. It is only ever bound as a
	query parameter (never formatted into SQL) and escaped when shown."""
	if not isinstance(value, str):
		return ""
	text = value.strip()
	if len(text) > MAX_SEARCH:
		text = text[:MAX_SEARCH]
		notices.append(_("The search text was shortened to {0} characters.").format(MAX_SEARCH))
	return text


def like_pattern(text: str) -> str:
	"""`%text%` with LIKE's own wildcards escaped, so "%" and "_" match themselves."""
	return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def choice(value, allowed, notices: list[str], label: str):
	"""`value` when it is one of `allowed`, else None (with a notice when something was given)."""
	if value in (None, ""):
		return None
	if isinstance(value, str) and value in allowed:
		return value
	notices.append(_("Unknown {0}; showing all.").format(label))
	return None


def today() -> date:
	return getdate(nowdate())
