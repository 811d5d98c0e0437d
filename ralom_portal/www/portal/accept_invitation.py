"""/portal/accept-invitation?token=…: an invited contact sets a password and enters the portal."""

import frappe
from frappe import _

from ralom_portal.registration import invitations

no_cache = 1
# An invited client's first page: the lean guest base, not Frappe's 330 kB of icon sprites.
base_template_path = "templates/portal/guest_base.html"


def get_context(context):
	context.no_cache = 1
	context.show_sidebar = False
	context.title = _("Accept the invitation")
	token = frappe.form_dict.get("token")
	context.token = token if isinstance(token, str) else ""
	try:
		invitation = invitations.find(token)
	except frappe.ValidationError as e:
		frappe.clear_last_message()
		frappe.local.message_log = []
		context.invitation_error = str(e)
		context.http_status_code = 410
		return
	context.invitation_email = invitation.email
	context.invitation_company = frappe.db.get_value("Customer", invitation.customer, "customer_name")
	context.min_password_length = invitations.MIN_PASSWORD_LENGTH
