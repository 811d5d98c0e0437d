from frappe.model.document import Document


class CustomerShipmentItem(Document):
	pass
