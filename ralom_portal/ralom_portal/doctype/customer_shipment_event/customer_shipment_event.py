from frappe.model.document import Document


class CustomerShipmentEvent(Document):
	pass
