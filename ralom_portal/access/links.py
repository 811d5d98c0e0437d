"""Linking a user to a customer, the way ERPNext v15 expects it.

One place for what makes a user act for a customer: exactly one `Customer.portal_users` row, the
Customer role, and a Contact linked to the customer. Used by approvals, invitations, the demo data
and the test factories alike.
"""

import frappe

from ralom_portal.access.customers import forget


def link_user(customer: str, user: str, full_name: str | None = None) -> None:
	doc = frappe.get_doc("Customer", customer)
	if not any(row.user == user for row in doc.portal_users):
		doc.append("portal_users", {"user": user})
		doc.save(ignore_permissions=True)
	user_doc = frappe.get_doc("User", user)
	if "Customer" not in [r.role for r in user_doc.roles]:
		user_doc.flags.ignore_permissions = True
		user_doc.add_roles("Customer")
	_ensure_contact(user, customer, full_name or user_doc.full_name)
	forget(user)


def unlink_user(customer: str, user: str) -> None:
	doc = frappe.get_doc("Customer", customer)
	doc.portal_users = [row for row in doc.portal_users if row.user != user]
	doc.save(ignore_permissions=True)
	forget(user)


def _ensure_contact(email: str, customer: str, full_name: str | None) -> None:
	name = frappe.db.get_value("Contact", {"email_id": email})
	contact = frappe.get_doc("Contact", name) if name else frappe.new_doc("Contact")
	if not name:
		first, _sep, last = (full_name or email).partition(" ")
		contact.first_name = first
		contact.last_name = last
		contact.user = email
		contact.append("email_ids", {"email_id": email, "is_primary": 1})
	if not any(link.link_doctype == "Customer" and link.link_name == customer for link in contact.links):
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})
	contact.save(ignore_permissions=True)
