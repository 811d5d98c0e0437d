"""e-Factura: staff send an invoice to ANAF; clients download its XML and ANAF's signed ZIP.

Thin methods: whitelisting, the per-user rate limit, the access check first, then domain code
(`ralom_portal.efactura`). No method here calls ANAF for a client: statuses come from the database,
written by the server only (the scheduled poll and staff's send).
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.customers import is_desk_user
from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import MAX_NAME, deny
from ralom_portal.efactura import transmit


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def send(name: str | None = None):
	"""Staff only (submit access to the invoice): check the invoice and send it to ANAF; after a
	rejection and a fix, the same button sends it again. Returns the status and the problems."""
	if (
		not isinstance(name, str)
		or not name
		or len(name) > MAX_NAME
		or not is_desk_user()
		or not frappe.db.exists("Sales Invoice", name)
		or not frappe.has_permission("Sales Invoice", "submit", name)
	):
		deny(_("You are not allowed to send this invoice to e-Factura."))
	return transmit.send(name)
