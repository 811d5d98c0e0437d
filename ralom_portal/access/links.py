"""Linking a user to a customer, the way ERPNext v15 expects it.

One place for what makes a user act for a customer: exactly one `Customer.portal_users` row, the
Customer role, and a Contact linked to the customer. Used by approvals, invitations, the demo data
and the test factories alike.

Unlinking undoes the Contact link too, however it happens (the row removed here or in the desk,
the user disabled): ERPNext's own portal rules and e-mails follow Contact links, so a leftover
link would be a leftover door.
"""

import frappe

from ralom_portal.access.customers import forget


def link_user(
	customer: str,
	user: str,
	full_name: str | None = None,
	role: str | None = None,
	sections: str | None = None,
) -> None:
	"""Make `user` act for `customer`; a new row gets `role` and `sections` (the membership, see
	`access.customers`) when given, else Frappe's default for the row: a Client administrator."""
	doc = frappe.get_doc("Customer", customer)
	if not any(row.user == user for row in doc.portal_users):
		row = {"user": user}
		if role:
			row.update(ralom_portal_role=role, ralom_sections=sections or None)
		doc.append("portal_users", row)
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
	doc.save(ignore_permissions=True)  # on_customer_update removes the Contact link
	remove_contact_links(user, customer)
	forget(user)


def remove_contact_links(user: str, customer: str) -> None:
	"""Drop the link between the user's Contact(s) and the customer."""
	names = set(frappe.get_all("Contact", filters={"user": user}, pluck="name"))
	names |= set(frappe.get_all("Contact", filters={"email_id": user}, pluck="name"))
	for name in names:
		contact = frappe.get_doc("Contact", name)
		kept = [
			link
			for link in contact.links
			if not (link.link_doctype == "Customer" and link.link_name == customer)
		]
		if len(kept) != len(contact.links):
			contact.links = kept
			contact.save(ignore_permissions=True)


def on_customer_update(doc, method=None) -> None:
	"""Customer on_update: a Portal User row removed (also in the desk) unlinks that person's Contact."""
	before = doc.get_doc_before_save()
	if not before:
		return
	removed = {row.user for row in before.portal_users} - {row.user for row in doc.portal_users}
	for user in removed:
		remove_contact_links(user, doc.name)
		forget(user)


def on_user_update(doc, method=None) -> None:
	"""User on_update: a disabled user's Contact no longer acts for the customers they were linked to."""
	if doc.enabled or not doc.has_value_changed("enabled"):
		return
	customers = frappe.db.sql_list(
		"""select parent from `tabPortal User`
		where user = %s and parenttype = 'Customer' and parentfield = 'portal_users'""",
		doc.name,
	)
	for customer in set(customers):
		remove_contact_links(doc.name, customer)
	forget(doc.name)


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
