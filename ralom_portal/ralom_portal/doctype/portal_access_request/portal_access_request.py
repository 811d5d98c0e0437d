"""A guest's request for a client portal account (see ralom_portal.registration.requests)."""

from frappe.model.document import Document


class PortalAccessRequest(Document):
	pass
