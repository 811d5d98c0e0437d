"""A committed customer with its client administrator, for the served team tests
(`test_team_invitations_http.py`, `test_team_invitations_browser.py`)."""

from __future__ import annotations

from contextlib import contextmanager

import frappe

from ralom_portal.access.customers import ADMINISTRATOR
from ralom_portal.demo import builders
from ralom_portal.tests import factories


@contextmanager
def administered_customer(prefix: str, password: str):
	"""A new committed customer whose administrator (Ana Admin) signs in with `password`, and an
	outbox for the served site's e-mails. Afterwards the administrator is unlinked and the customer's
	invitations and team log are removed. A colleague who accepted an invitation stays with this
	throwaway customer: their Contact was last changed by the served site, and unlinking it from
	this process is refused as a stale copy."""
	frappe.set_user("Administrator")
	customer = factories.customer().name
	admin = f"{factories.unique(prefix).lower()}@example.ro"
	builders.make_portal_user(admin, customer, first_name="Ana", last_name="Admin", password=password)
	factories.set_membership(customer, admin, [], ADMINISTRATOR)
	frappe.db.commit()
	with factories.served_outbox("Ralom Team Test Outbox", "portal-team-test@ralom.ro"):
		yield frappe._dict(customer=customer, admin=admin)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	builders.unlink_portal_user(customer, admin)
	frappe.db.delete("Portal Invitation", {"customer": customer})
	frappe.db.delete("Comment", {"reference_doctype": "Customer", "reference_name": customer})
	frappe.db.commit()
