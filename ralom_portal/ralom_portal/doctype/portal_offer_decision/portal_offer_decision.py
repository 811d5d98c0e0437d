"""One row per offer a client decided in the portal: the exactly-once record and its evidence.

Rows are written only by `ralom_portal.api.offers` (with ignore_permissions); desk roles can read
them (the desk list is the report of portal decisions) but nobody creates or edits them by hand.
"""

from frappe.model.document import Document


class PortalOfferDecision(Document):
	pass
