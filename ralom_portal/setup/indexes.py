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
	# The dashboard's balances and the action centre read the open invoices only (a customer with
	# 3,000 invoices has a few open), and the invoice list's totals the credit notes only.
	("Sales Invoice", ("customer", "outstanding_amount"), "ralom_customer_outstanding"),
	("Sales Invoice", ("customer", "is_return"), "ralom_customer_is_return"),
	# Covering indexes: the invoice list's and payment list's totals and the ledger balances add up
	# every row of a client, and read from the table MariaDB judged a scan of the whole table cheaper
	# than a quarter of it by index (the 3,000-invoice customer on a site with 13,000): the page then
	# cost what the site has. These hold every column those sums read, so they read the client's
	# index entries only.
	(
		"Sales Invoice",
		(
			"customer",
			"docstatus",
			"currency",
			"is_return",
			"posting_date",
			"due_date",
			"outstanding_amount",
			"rounded_total",
			"grand_total",
			"party_account_currency",
			"conversion_rate",
		),
		"ralom_customer_totals",
	),
	(
		"Payment Entry",
		(
			"party",
			"docstatus",
			"party_type",
			"payment_type",
			"posting_date",
			"paid_from_account_currency",
			"paid_to_account_currency",
			"paid_amount",
			"received_amount",
			"unallocated_amount",
		),
		"ralom_party_totals",
	),
	(
		"GL Entry",
		(
			"party",
			"company",
			"is_cancelled",
			"party_type",
			"account_currency",
			"posting_date",
			"debit_in_account_currency",
			"credit_in_account_currency",
		),
		"ralom_party_balance",
	),
	# The ageing takes every ledger line of the client's journal entries (and any voucher other than an
	# invoice or a payment) as a possible open item: found by type, not among all the client's lines.
	("GL Entry", ("party", "voucher_type"), "ralom_party_voucher_type"),
	# ... and the client's payments not fully allocated: a range of this index (covering), not a read of
	# each of the client's payments.
	(
		"Payment Entry",
		("party", "unallocated_amount", "party_type", "docstatus"),
		"ralom_party_unallocated",
	),
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
