"""The records of the isolation suites over the API (`test_isolation_http.py`, generic endpoints,
and `test_isolation_portal_http.py`, our own pages and API): client A's record of every portal
doctype, a draft of each kind that even A must not see, and the committed actors.

Each module's `world` fixture returns `build()`; it is idempotent (reuses what earlier runs made).
"""

import frappe
import pytest

from ralom_portal.access.doctypes import names
from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS
from ralom_portal.tests import http_actors

# Every portal doctype from the registry except File, which has its own rows (private file URLs).
DOCTYPES = tuple(dt for dt in names() if dt != "File")


def build():
	"""Committed actors and client A's records (idempotent: reused across runs)."""
	frappe.set_user("Administrator")
	a, b = CLIENTS[0]["name"], CLIENTS[1]["name"]
	http_actors.commit_users()
	draft = (
		frappe.db.get_value("Quotation", {"party_name": a, "docstatus": 0})
		or builders.make_quotation(a, [("RP-CONS", 1, 250)], submit=False).name
	)
	project = frappe.db.get_value("Project", {"customer": a})
	# A draft contract of A that staff have not sent for signature: invisible even to A.
	contract_draft = (
		frappe.db.get_value("Contract", {"party_name": a, "docstatus": 0, "ralom_sent_for_signature": 0})
		or builders.make_contract(a, submit=False).name
	)
	# A's contract awaiting signature (demo data): B must not be able to sign it.
	contract_to_sign = frappe.db.get_value(
		"Contract", {"party_name": a, "docstatus": 0, "ralom_sent_for_signature": 1, "is_signed": 0}
	)
	records = {
		# An open, undecided offer of A (the demo also has one A accepted).
		"Quotation": frappe.db.sql(
			"""select name from `tabQuotation` where party_name = %s and docstatus = 1 and status = 'Open'
			and ifnull(ralom_portal_decision, '') = '' order by name limit 1""",
			a,
		)[0][0],
		"Sales Invoice": frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 1}),
		"Payment Entry": frappe.db.get_value("Payment Entry", {"party": a, "docstatus": 1}),
		"GL Entry": frappe.db.get_value(
			"GL Entry", {"party_type": "Customer", "party": a, "is_cancelled": 0}
		),
		"Journal Entry": frappe.db.get_value(
			"Journal Entry Account", {"party_type": "Customer", "party": a, "docstatus": 1}, "parent"
		),
		"Project": project,
		"Task": frappe.db.get_value("Task", {"project": project}),
		"Contract": frappe.db.get_value("Contract", {"party_name": a, "docstatus": 1}),
		"Quote Request": frappe.db.get_value("Quote Request", {"customer": a}),
		"Support Ticket": frappe.db.get_value("Support Ticket", {"customer": a}),
		"Support Ticket Message": frappe.db.sql(
			"""select m.name from `tabSupport Ticket Message` m join `tabSupport Ticket` t on t.name = m.ticket
			where t.customer = %s and m.internal = 0 order by m.creation limit 1""",
			a,
		)[0][0],
		# A's delivered demo shipment (it has a proof of delivery and an invoice).
		"Customer Shipment": frappe.db.get_value("Customer Shipment", {"customer": a, "status": "Delivered"}),
	}
	invoice_draft = frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 0}) or (
		builders.make_sales_invoice(a, [("RP-CONS", 1, 250)], submit=False).name
	)
	invoice_cancelled = frappe.db.get_value("Sales Invoice", {"customer": a, "docstatus": 2})
	if not invoice_cancelled:
		doc = builders.make_sales_invoice(a, [("RP-CONS", 1, 250)])
		doc.cancel()
		invoice_cancelled = doc.name
	frappe.db.commit()
	assert set(records) == set(DOCTYPES), "add a record of client A for every registered doctype"
	assert all(records.values()), records
	status = frappe.db.get_value("Quote Request", records["Quote Request"], "status")
	assert contract_to_sign
	return frappe._dict(
		a=a,
		b=b,
		records=records,
		draft=draft,
		quote_request_status=status,
		invoice_draft=invoice_draft,
		invoice_cancelled=invoice_cancelled,
		contract_draft=contract_draft,
		contract_to_sign=contract_to_sign,
	)


@pytest.fixture(scope="module")
def world(demo_data):
	"""Client A's records (`build`), once a module; the isolation modules take it as their `world`."""
	return build()


@pytest.fixture(scope="module")
def actors(server, world):
	"""Everyone but staff, plus a staff sales user, logged in to the served site."""
	return http_actors.log_in(server, (*http_actors.NON_STAFF, "staff_sales_user"))
