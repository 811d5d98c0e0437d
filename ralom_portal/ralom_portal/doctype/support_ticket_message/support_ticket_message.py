"""Support Ticket Message: one message of a ticket's thread.

Written only by the domain code in `support_ticket/conversation.py` (client messages, staff replies,
internal notes, inbound e-mail). `internal` messages (and the files attached to them) are for staff
only: the portal rule for this doctype excludes them, so no page, API or file URL shows them.
"""

from frappe.model.document import Document


class SupportTicketMessage(Document):
	pass
