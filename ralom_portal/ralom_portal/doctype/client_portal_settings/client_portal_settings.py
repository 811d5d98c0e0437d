"""Client portal settings (single)."""

from frappe.model.document import Document


class ClientPortalSettings(Document):
	pass
