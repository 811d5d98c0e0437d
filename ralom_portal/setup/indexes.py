"""Indexes the portal's list queries need at real volumes (tables with hundreds of thousands of rows).

Each list filters by the client's customers and sorts by a date: a composite (customer, date)
index lets MariaDB read one client's rows already in order instead of scanning the table (and
Contract had no index on its party at all). Project, Task, Support Ticket, File and a credit
note's `return_against` are already indexed by their DocTypes. Added by
the patch in patches.txt and re-asserted after every install and migrate (`add_index` skips an
index that exists, so this is idempotent).
"""

import frappe

# (doctype, columns, index name)
INDEXES = (
	("Sales Invoice", ("customer", "posting_date"), "ralom_customer_posting_date"),
	# The dashboard's next invoice falling due, and what falls due soon.
	("Sales Invoice", ("customer", "due_date"), "ralom_customer_due_date"),
	("Payment Entry", ("party", "posting_date"), "ralom_party_posting_date"),
	("Quotation", ("party_name", "transaction_date"), "ralom_party_transaction_date"),
	# An offer is superseded when an amendment of it is submitted: looked up for every offer listed.
	("Quotation", ("amended_from",), "ralom_amended_from"),
	("Contract", ("party_name", "start_date"), "ralom_party_start_date"),
	("Customer Shipment", ("customer", "shipment_date"), "ralom_customer_shipment_date"),
)


def ensure() -> list[str]:
	"""Add the indexes that are missing; returns the ones added."""
	added = []
	for doctype, columns, name in INDEXES:
		if not frappe.db.table_exists(doctype):
			continue
		if not frappe.db.has_index(f"tab{doctype}", name):
			frappe.db.add_index(doctype, list(columns), name)
			added.append(f"{doctype}.{name}")
	return added
