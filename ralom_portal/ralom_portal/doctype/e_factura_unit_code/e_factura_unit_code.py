"""One UOM → UN/ECE Rec 20 unit code row of e-Factura Settings."""

from frappe.model.document import Document


class eFacturaUnitCode(Document):
	pass
