from frappe.model.document import Document


class QuoteRequestStatusLog(Document):
	pass
