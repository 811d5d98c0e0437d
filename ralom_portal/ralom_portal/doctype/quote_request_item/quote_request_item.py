from frappe.model.document import Document


class QuoteRequestItem(Document):
	pass
