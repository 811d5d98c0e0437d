"""Client portal settings (single)."""

import frappe
from frappe import _
from frappe.model.document import Document

from ralom_portal.access import routes


class ClientPortalSettings(Document):
	def validate(self):
		self.validate_reopened_routes()

	def validate_reopened_routes(self):
		"""One plain route per line: no query strings, wildcards or the whole site."""
		for route in routes.parse_routes(self.reopened_routes or ""):
			if routes.normalise("/" + route) in (None, "") or any(ch in route for ch in "?#*<>"):
				frappe.throw(_("{0} is not a route. Write one route per line, e.g. orders.").format(route))

	def on_update(self):
		# Every web worker drops the route decisions it cached under the old list.
		routes.forget_decisions()
