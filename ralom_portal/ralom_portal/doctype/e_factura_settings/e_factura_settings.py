"""e-Factura Settings (single): the ANAF environment, OAuth2 client and tokens, unit codes."""

import re

import frappe
from frappe import _
from frappe.model.document import Document

_CODE = re.compile(r"^[A-Z0-9]{2,3}$")


class eFacturaSettings(Document):
	def validate(self):
		for url in (self.base_url, self.token_url):
			if url and not re.match(r"^https?://[^\s]+$", url.strip()):
				frappe.throw(_("{0} is not a web address.").format(url))
		seen = set()
		for row in self.unit_codes:
			row.unit_code = (row.unit_code or "").strip().upper()
			if not _CODE.match(row.unit_code):
				frappe.throw(_("Row {0}: {1} is not a UN/ECE Rec 20 code.").format(row.idx, row.unit_code))
			if row.uom in seen:
				frappe.throw(_("Row {0}: {1} is mapped twice.").format(row.idx, row.uom))
			seen.add(row.uom)
