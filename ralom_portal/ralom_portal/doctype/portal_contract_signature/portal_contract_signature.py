"""One row per contract a client signed in the portal: the exactly-once record and its evidence.

Rows are written only by `signing.sign_contract` (with ignore_permissions); desk roles read them,
nobody creates or edits them by hand.
"""

from frappe.model.document import Document


class PortalContractSignature(Document):
	pass
