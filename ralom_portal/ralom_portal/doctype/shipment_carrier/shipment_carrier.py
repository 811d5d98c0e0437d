"""Shipment Carrier: a carrier of customer shipments and the address of its tracking page.

`tracking_url` is the only way a tracking link is built (portal list, detail page, e-mails): an
https template with one `{tracking}` placeholder, and a tracking number of letters, digits, dots,
dashes and underscores. Anything else (another scheme, markup, quotes, a number carrying
`"><script>` or `javascript:`) gives no link at all, whatever is stored in the database.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr

PLACEHOLDER = "{tracking}"
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_UNSAFE = re.compile(r"[\s<>\"'`\\^|{}\x00-\x1f\x7f]")


def template_problem(template) -> str | None:
	"""Why `template` cannot make tracking links (a translated sentence), or None when it can."""
	template = cstr(template).strip()
	if not template.lower().startswith("https://"):
		return _("The tracking URL template must start with https://.")
	if template.count(PLACEHOLDER) != 1:
		return _("The tracking URL template must contain {0} exactly once.").format(PLACEHOLDER)
	if _UNSAFE.search(template.replace(PLACEHOLDER, "")):
		return _("The tracking URL template may not contain spaces, quotes or angle brackets.")
	parts = urlsplit(template.replace(PLACEHOLDER, "x"))
	if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
		return _("The tracking URL template must be an https address of the carrier's site.")
	return None


def clean_number(number) -> str | None:
	"""The tracking number when it is one a link can carry (spaces dropped), else None."""
	number = cstr(number).replace(" ", "")
	return number if _NUMBER.match(number) else None


def tracking_url(template, number) -> str | None:
	"""The carrier's tracking page for `number`, or None when either part is not safe to link."""
	if not template or not number or template_problem(template):
		return None
	number = clean_number(number)
	if not number:
		return None
	url = cstr(template).strip().replace(PLACEHOLDER, quote(number, safe=""))
	host = urlsplit(cstr(template).strip().replace(PLACEHOLDER, "x")).hostname
	parts = urlsplit(url)
	return url if parts.scheme == "https" and parts.hostname == host else None


class ShipmentCarrier(Document):
	def validate(self):
		self.carrier_name = cstr(self.carrier_name).strip()
		if self.tracking_url_template:
			self.tracking_url_template = self.tracking_url_template.strip()
			problem = template_problem(self.tracking_url_template)
			if problem:
				frappe.throw(problem, title=_("Tracking URL Template"))
