from frappe.model.document import Document


class CustomerShipmentDocument(Document):
	pass
