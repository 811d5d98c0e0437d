"""Which customers have files on their invoices, payments and offers: the file library skips a kind
of record its client has no files on, instead of looking up the files of each of its records.

The library starts from the client's records and looks their files up by File's
(attached_to_doctype, attached_to_name) index (queries/files.py): for the big customer that is 3,000
invoices, 3,000 payments and 500 offers, ~6,500 lookups (~10 ms) that find nothing. Only these three
kinds are tracked: they hold the volume, and they are submitted documents, whose customer ERPNext
never changes once submitted. The other kinds (projects, tasks, tickets, ...) are few per client and
always read.

A row (customer, kind) means "may have files"; no row means "has none". Rows are only ever added by
events (a file attached, a record submitted with files on it, a customer renamed), never taken away
except by `rebuild` (every migrate) and `refresh`: a row too many costs the lookups, never a file. So
a file attached to a draft whose customer then changes is counted at submit, where the customer is
final.
"""

from __future__ import annotations

import frappe

TABLE = "__ralom_file_kinds"
DDL = f"""create table if not exists `{TABLE}` (
	customer varchar(140) not null,
	doctype varchar(140) not null,
	primary key (customer, doctype)
) engine=InnoDB character set utf8mb4 collate utf8mb4_unicode_ci"""

# Tracked kinds and the field naming their customer.
TRACKED = {"Sales Invoice": "customer", "Payment Entry": "party", "Quotation": "party_name"}


def with_files(customers: tuple[str, ...]) -> set[str]:
	"""The tracked kinds on which some of `customers` may have files. One query."""
	if not customers:
		return set()
	return set(
		frappe.db.sql_list(
			f"select distinct doctype from `{TABLE}` where customer in %(customers)s",
			# A plain tuple: the driver quotes a tuple subclass (access.customers.Customers) as text.
			{"customers": tuple(customers)},
		)
	)


def mark(doctype: str | None, name: str | None) -> None:
	"""A file is (or may be) attached to `doctype` `name`: its customer may now have files of that kind."""
	field = TRACKED.get(doctype or "")
	if not field or not name:
		return
	frappe.db.sql(
		f"""insert ignore into `{TABLE}` (customer, doctype)
		select r.`{field}`, %(doctype)s from `tab{doctype}` r
		where r.name = %(name)s and ifnull(r.`{field}`, '') != ''""",
		{"doctype": doctype, "name": name},
	)


def on_file_change(doc, method=None) -> None:
	"""File on_update (which runs on insert too): the record it is attached to."""
	mark(doc.attached_to_doctype, doc.attached_to_name)


def on_record_submit(doc, method=None) -> None:
	"""A tracked record submitted: if files were attached while it was a draft, its customer (final
	now) has files of its kind. One lookup by File's index."""
	if frappe.db.sql(
		"select 1 from `tabFile` where attached_to_doctype = %s and attached_to_name = %s limit 1",
		(doc.doctype, doc.name),
	):
		mark(doc.doctype, doc.name)


def rebuild() -> None:
	"""Every (customer, kind) from the site's files (migrate; after bulk writes)."""
	frappe.db.sql(f"delete from `{TABLE}`")
	for doctype, field in TRACKED.items():
		frappe.db.sql(
			f"""insert ignore into `{TABLE}` (customer, doctype)
			select distinct r.`{field}`, %(doctype)s from `tabFile` f
			join `tab{doctype}` r on r.name = f.attached_to_name
			where f.attached_to_doctype = %(doctype)s and ifnull(r.`{field}`, '') != ''""",
			{"doctype": doctype},
		)


def refresh(customer: str) -> None:
	"""One customer's rows from its records' files (after bulk rows, such as the scale data)."""
	frappe.db.sql(f"delete from `{TABLE}` where customer = %s", customer)
	for doctype, field in TRACKED.items():
		frappe.db.sql(
			f"""insert ignore into `{TABLE}` (customer, doctype)
			select %(customer)s, %(doctype)s from dual where exists (
				select 1 from `tab{doctype}` r straight_join `tabFile` f
					on f.attached_to_doctype = %(doctype)s and f.attached_to_name = r.name
				where r.`{field}` = %(customer)s)""",
			{"customer": customer, "doctype": doctype},
		)


def rename(old: str, new: str) -> None:
	frappe.db.sql(f"update ignore `{TABLE}` set customer = %s where customer = %s", (new, old))
	frappe.db.sql(f"delete from `{TABLE}` where customer = %s", old)
