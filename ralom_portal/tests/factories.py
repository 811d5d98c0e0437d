"""Factories for tests: unique, valid ERPNext documents built with the shared builders.

Everything they create lives inside the test's transaction and is rolled back afterwards.
"""

from __future__ import annotations

import itertools
import uuid
from contextlib import contextmanager

import frappe
from frappe.utils import add_days, nowdate

from ralom_portal.demo import builders

_seq = itertools.count(1)


def unique(prefix: str) -> str:
	return f"{prefix}-{next(_seq)}-{uuid.uuid4().hex[:6]}"


def customer(name: str | None = None, **kw):
	return builders.make_customer(name or unique("Client SRL"), **kw)


def portal_user(customer_name: str | None = None, email: str | None = None, **kw):
	"""A website user acting for `customer_name` (or for nobody when it is None)."""
	email = email or f"{unique('user').lower()}@example.ro"
	return builders.make_portal_user(email, customer_name, **kw)


def client(**kw):
	"""A customer with one portal user: returns (customer, user)."""
	c = customer(**kw)
	u = portal_user(c.name)
	return c, u


def make_member(customer_name: str, sections=(), role: str | None = "Member", email: str | None = None, **kw):
	"""A portal user acting for `customer_name` with a membership (issue 27): `role` and the registry
	keys in `sections` (see `set_membership`)."""
	user = portal_user(customer_name, email, **kw)
	set_membership(customer_name, user.name, sections, role)
	return user


def set_membership(customer_name: str, user: str, sections=(), role: str | None = "Member") -> None:
	"""Write the Portal User row's role and sections: a list of registry keys (empty stores `none`,
	no section), or None for an empty field (every section); `role` None empties the role too, as on
	a row from before memberships."""
	from ralom_portal.access.customers import forget

	stored = None if sections is None else (",".join(sections) or "none")
	frappe.db.set_value(
		"Portal User",
		{"parenttype": "Customer", "parentfield": "portal_users", "parent": customer_name, "user": user},
		{"ralom_portal_role": role, "ralom_sections": stored},
		update_modified=False,
	)
	forget(user)


def staff_user(roles=("Sales User",)):
	email = f"{unique('staff').lower()}@ralom.ro"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Staff",
			"send_welcome_email": 0,
			"roles": [{"role": r} for r in roles],
		}
	)
	user.insert(ignore_permissions=True)
	return user


def committed_staff_user(email: str, password: str, roles=("Sales User",)):
	"""A desk user with a password, committed (for tests that go through the served site); idempotent."""
	from frappe.utils.password import update_password

	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "Staff",
				"send_welcome_email": 0,
				"roles": [{"role": r} for r in roles],
			}
		).insert(ignore_permissions=True)
	update_password(email, password)
	frappe.db.commit()
	return email


def item(code: str | None = None, rate: float = 100, **kw):
	return builders.make_item(code or unique("ITEM"), rate=rate, **kw)


def quotation(customer_name: str, items=None, **kw):
	items = items or [(item().name, 2, 150)]
	return builders.make_quotation(customer_name, items, **kw)


def sales_invoice(customer_name: str, items=None, **kw):
	items = items or [(item().name, 1, 1000)]
	return builders.make_sales_invoice(customer_name, items, **kw)


def payment(invoice_name: str, amount=None, **kw):
	return builders.make_payment(invoice_name, amount, **kw)


def project(customer_name: str, tasks: int = 3, **kw):
	p = builders.make_project(customer_name, unique("Proiect"), **kw)
	created = []
	for i in range(tasks):
		start = add_days(nowdate(), i * 3)
		created.append(
			builders.make_task(
				p.name,
				f"Task {i + 1}",
				start=start,
				end=add_days(start, 2),
				depends_on=[created[-1].name] if created else [],
			)
		)
	return p, created


def contract(customer_name: str, **kw):
	return builders.make_contract(customer_name, **kw)


# Finance ------------------------------------------------------------------------------------------


def list_only_invoices(customer_name: str, n: int, *, start=None, currency: str = "RON") -> list[str]:
	"""`n` submitted-looking Sales Invoice rows, one per day going back from `start`, written with
	db_insert (no lines, no ledger): for list, pagination and query-count tests only, where a
	controller-built invoice each would take minutes. Names sort like their dates (newest first)."""
	start = start or nowdate()
	company = builders.default_company()
	token = uuid.uuid4().hex[:6].upper()
	names = []
	for i in range(n):
		name = f"LST-{token}-{i:05d}"
		posting = add_days(start, -(n - i))
		frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"name": name,
				"customer": customer_name,
				"customer_name": customer_name,
				"company": company,
				"posting_date": posting,
				"due_date": add_days(posting, 30),
				"currency": currency,
				"grand_total": 100 + i,
				"rounded_total": 100 + i,
				"outstanding_amount": 100 + i,
				"po_no": f"PO-{token}-{i:05d}",
				"docstatus": 1,
				"is_return": 0,
			}
		).db_insert()
		names.append(name)
	return names


def ticket(customer_name: str, user: str, subject: str | None = None, **payload):
	"""A support ticket opened by portal `user` for `customer_name`, through the portal's domain code."""
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	data = {"subject": subject or unique("Întrebare"), "category": "Question", "description": "Bună ziua."}
	data.update(payload)
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		name = conversation.create_ticket(customer_name, data)["name"]
	finally:
		frappe.set_user(previous)
	return frappe.get_doc("Support Ticket", name)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file(doctype: str, name: str, file_name: str | None = None, content: bytes = PDF, **kw):
	"""A staff-uploaded private File attached to `doctype` `name` (see builders.make_file)."""
	return builders.make_file(doctype, name, file_name or f"{unique('doc')}.pdf", content, **kw)


def delivery_note(customer_name: str, items=None, **kw):
	"""A submitted Sales Order and its submitted Delivery Note (which makes a Customer Shipment)."""
	from ralom_portal.demo.shipments import make_delivery_note, make_sales_order

	items = items or [(item().name, 2, 150)]
	order = make_sales_order(customer_name, items)
	return order, make_delivery_note(order.name, **kw)


def shipment(customer_name: str, status: str = "Preparing", items: int = 1, **kw):
	"""A hand-made Customer Shipment (no delivery note), e.g. for list and query-count tests."""
	code = item().name
	doc = frappe.get_doc(
		{
			"doctype": "Customer Shipment",
			"customer": customer_name,
			"items": [{"item_code": code, "item_name": code, "qty": i + 1} for i in range(items)],
			**kw,
		}
	)
	doc.insert(ignore_permissions=True)
	steps = {"Preparing": [], "Returned": ["Shipped", "Returned"], "Cancelled": ["Cancelled"]}
	for step in steps.get(status, [status]):
		doc.status = step
		doc.flags.silent = True
		doc.save(ignore_permissions=True)
	return doc


def as_user(user: str) -> _Restore:
	"""Act as `user`: switch the session user and drop the request's cached "which customers" answer
	(`access.customers` keeps it per request, and a test is one long request).

	Called alone, it switches for the rest of the test (conftest's `rollback` ends every test as
	Administrator); as `with as_user(user):` it switches back to the previous user afterwards.
	"""
	restore = _Restore(frappe.session.user)
	_switch(user)
	return restore


class _Restore:
	def __init__(self, previous: str):
		self.previous = previous

	def __enter__(self):
		return self

	def __exit__(self, *exc):
		_switch(self.previous)


def _switch(user: str) -> None:
	from ralom_portal.access.customers import forget

	frappe.set_user(user)
	forget()


def committed_outbox(name: str, email_id: str) -> str | None:
	"""A default outgoing Email Account for a served test, committed (the test site has none, and
	Frappe refuses to queue mail without one unless e-mails are muted, as they are in-process only).
	Nothing is sent: no worker flushes the test site's queue. Its name when made here, None when the
	site already has one (then the caller has nothing to remove)."""
	if frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		return None
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": name,
			"email_id": email_id,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"enable_incoming": 0,
			"smtp_server": "localhost",
			"smtp_port": "2525",
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return name


@contextmanager
def served_outbox(name: str, email_id: str):
	"""`committed_outbox` for the length of a block (a module's fixture): removed afterwards when it
	was made here."""
	created = committed_outbox(name, email_id)
	try:
		yield
	finally:
		if created:
			frappe.db.rollback()
			frappe.delete_doc("Email Account", created, force=True, ignore_permissions=True)
			frappe.db.commit()
