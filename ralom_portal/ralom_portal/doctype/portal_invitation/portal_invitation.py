"""An invitation to the client portal (see ralom_portal.registration.invitations)."""

from frappe.model.document import Document


class PortalInvitation(Document):
	pass
