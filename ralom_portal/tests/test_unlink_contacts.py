"""Unlinking a person from a customer also unlinks their Contact (ERPNext follows Contact links)."""

import frappe

from ralom_portal.access.customers import customers_for, forget
from ralom_portal.demo import builders


def _contact_customers(email: str) -> set[str]:
	return set(
		frappe.db.sql_list(
			"""select dl.link_name from `tabDynamic Link` dl join `tabContact` c on c.name = dl.parent
			where dl.parenttype = 'Contact' and dl.link_doctype = 'Customer'
				and (c.user = %(u)s or c.email_id = %(u)s)""",
			{"u": email},
		)
	)


def test_unlinking_a_user_removes_the_contact_link_to_that_customer_only(factories):
	a, user = factories.client()
	b = factories.customer()
	factories.portal_user(b.name, user.name)
	assert _contact_customers(user.name) == {a.name, b.name}
	builders.unlink_portal_user(a.name, user.name)
	assert _contact_customers(user.name) == {b.name}
	forget()
	assert customers_for(user.name) == (b.name,)


def test_removing_the_portal_user_row_in_the_desk_removes_the_contact_link(factories):
	a, user = factories.client()
	customer = frappe.get_doc("Customer", a.name)
	customer.portal_users = [row for row in customer.portal_users if row.user != user.name]
	customer.save(ignore_permissions=True)
	assert a.name not in _contact_customers(user.name)


def test_disabling_a_user_removes_the_contact_links_of_their_customers(factories):
	a, user = factories.client()
	doc = frappe.get_doc("User", user.name)
	doc.enabled = 0
	doc.save(ignore_permissions=True)
	assert _contact_customers(user.name) == set()


def test_offer_mail_goes_only_to_someone_who_still_acts_for_the_customer(factories):
	from ralom_portal.ralom_portal.doctype.quote_request import notifications

	a, user = factories.client()
	request = frappe._dict(requested_by=user.name, customer=a.name, name="QR-TEST")
	quotation = frappe._dict(name="SAL-QTN-TEST")
	sent = []
	original = notifications.mail.queue
	notifications.mail.queue = lambda recipient, *args, **kw: sent.append(recipient)
	try:
		notifications.notify_client_of_offer(request, quotation)
		assert sent == [user.name]
		builders.unlink_portal_user(a.name, user.name)
		notifications.notify_client_of_offer(request, quotation)
		assert sent == [user.name]  # nothing more: the requester no longer acts for the customer
	finally:
		notifications.mail.queue = original
