"""Factories for tests: unique, valid ERPNext documents built with the shared builders.

Everything they create lives inside the test's transaction and is rolled back afterwards.
"""

from __future__ import annotations

import itertools
import uuid

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


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def file(doctype: str, name: str, file_name: str | None = None, content: bytes = PDF, **kw):
	"""A staff-uploaded private File attached to `doctype` `name` (see builders.make_file)."""
	return builders.make_file(doctype, name, file_name or f"{unique('doc')}.pdf", content, **kw)
