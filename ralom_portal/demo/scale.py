"""A scale dataset: many customers with years' worth of documents, to measure pages at real volumes.

`bench --site X ralom-portal scale --customers N` creates, per customer: 20 submitted invoices with
their payments, 5 submitted quotations, 2 projects of 30 tasks, 10 support tickets, 10 shipments
and 20 files; plus one big customer with 3,000 invoices (with payments) and 500 offers.

Nothing goes through the controllers: through them one invoice with its payment takes about a
second (ledger, stock, taxes), and one portal user about two (Frappe's User save flushes the site's
whole cache and queues a gravatar lookup), so 500 customers took about 20 minutes. Every record is
written as rows instead (`get_valid_dict` of a document built in memory, with its DocType's defaults
for the customer, user and contact, then one multi-row `frappe.db.bulk_insert` per table): the
customer with its `portal_users` row, an enabled Website User with the Customer role (and, for the
first ones, a password), the user's Contact linked to the customer, and the documents with every
column the portal reads (totals, outstanding, statuses, links, child rows) and the receivable and
counter lines of the general ledger (GL Entry) for invoices and payments, so the statement of account
is real. There is no stock, no Payment Ledger Entry (ERPNext's own Accounts Receivable report does
not see these invoices) and no tax. Never run it on a production site (refused unless --force).

Deterministic: names, dates and amounts come from the customer's number and a fixed seed; a
customer that already exists is skipped, so a second run only tops up.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import cache

import frappe
from frappe.utils import getdate, now_datetime
from frappe.utils.password import passlibctx

from ralom_portal import summaries
from ralom_portal.demo import builders
from ralom_portal.demo import scale_rows as rows

SEED = 20261130
PASSWORD = "Scale#Portal2026"
INVOICES, QUOTATIONS, PROJECTS, TICKETS, SHIPMENTS, FILES = 20, 5, 2, 10, 10, 20
TASKS = rows.TASKS
BIG_INVOICES, BIG_OFFERS = 3000, 500
# Users with a password (the benchmark and the load test sign in as them).
USERS_WITH_PASSWORD = 40


def is_disposable_site() -> bool:
	"""A development or test site (scale data must never land on a production site)."""
	conf = frappe.conf
	return bool(conf.get("developer_mode") or conf.get("allow_tests") or conf.get("ralom_test_site"))


def customer_name(n: int) -> str:
	return f"Scale Client {n:04d} SRL"


def user_email(n: int) -> str:
	return f"client{n:04d}@scale.example.ro"


BIG = 0  # the big customer is number 0


def build(
	customers: int, progress: Callable[[int, int, str], None] | None = None, *, big: bool = True
) -> dict[str, int]:
	"""Create the dataset (skipping customers that exist); returns rows written per doctype.

	`big=False` leaves out the 3,000-invoice customer (a test needs a scale user, not the volume)."""
	ctx = _context()
	written: dict[str, int] = {}
	plan = [BIG] * big + list(range(1, customers + 1))
	_enable_scale_users()
	frappe.db.commit()
	for step, n in enumerate(plan, 1):
		if not frappe.db.exists("Customer", customer_name(n)):
			for doctype, count in add_customer(ctx, n).items():
				written[doctype] = written.get(doctype, 0) + count
			frappe.db.commit()
		if progress:
			progress(step, len(plan), customer_name(n))
	return written


def add_customer(ctx: dict, n: int) -> dict[str, int]:
	"""Customer `n`, its portal user (enabled, with a password for the first ones), the user's contact
	and its documents, as rows. A user or contact left by an earlier run is kept."""
	name, email = customer_name(n), user_email(n)
	docs = [rows.customer(ctx, n, name, email)]
	if not frappe.db.exists("User", email):
		docs.append(rows.user(n, email))
	if not frappe.db.exists("Contact", {"email_id": email}):
		docs.append(rows.contact(n, name, email))
	rng = random.Random(SEED * 10_000 + n)
	docs.extend(_customer_rows(ctx, n, name, rng, n == BIG))
	written = _bulk(docs)
	# Rows bypass the document events that keep the per-customer summaries: rebuilt from them here.
	summaries.refresh(name)
	if n <= USERS_WITH_PASSWORD:
		_set_password(email)
	return written


@cache
def _password_hash() -> str:
	# One hash for every scale user (each carries its own salt, so it verifies for any of them):
	# hashing costs ~0.2 s.
	return passlibctx.hash(PASSWORD)


def _set_password(email: str) -> None:
	"""What `frappe.utils.password.update_password` writes, with the hash made once."""
	frappe.db.sql(
		"""insert into `__Auth` (doctype, name, fieldname, password, encrypted)
		values ('User', %(user)s, 'password', %(hash)s, 0)
		on duplicate key update password = %(hash)s, encrypted = 0""",
		{"user": email, "hash": _password_hash()},
	)


def _enable_scale_users() -> None:
	"""Earlier versions left every scale user disabled (above); a top-up run repairs them."""
	frappe.db.sql(
		"update `tabUser` set enabled = 1 where enabled = 0 and name like %s", ("client%@scale.example.ro",)
	)


def _context() -> dict:
	company = builders.default_company()
	item = builders.make_item("SCALE-SVC", name="Servicii montaj (scale)", rate=500)
	receivable = frappe.get_cached_value("Company", company, "default_receivable_account")
	income = frappe.get_cached_value("Company", company, "default_income_account")
	bank = frappe.db.get_value("Account", {"company": company, "account_type": "Bank", "is_group": 0})
	cash = frappe.get_cached_value("Company", company, "default_cash_account")
	return {
		"company": company,
		"item": item.name,
		"item_name": item.item_name,
		"uom": item.stock_uom,
		"receivable": receivable,
		"income": income,
		# The group and territory the builders give a customer.
		"customer_group": builders._root("Customer Group"),
		"territory": builders._root("Territory"),
		"paid_to": bank or cash,
		"today": getdate(),
		"now": now_datetime(),
		"has_tickets": bool(frappe.db.exists("DocType", "Support Ticket")),
		"has_shipments": bool(frappe.db.exists("DocType", "Customer Shipment")),
	}


def _customer_rows(ctx: dict, n: int, customer: str, rng: random.Random, big: bool) -> list:
	docs = []
	tag = f"{n:04d}"
	invoices = BIG_INVOICES if big else INVOICES
	for i in range(invoices):
		docs.extend(rows.invoice_and_payment(ctx, tag, i, customer, rng, invoices))
	for i in range(BIG_OFFERS if big else QUOTATIONS):
		docs.append(rows.quotation(ctx, tag, i, customer, rng))
	if not big:
		for p in range(PROJECTS):
			docs.extend(rows.project(ctx, tag, p, customer))
		if ctx["has_tickets"]:
			docs.extend(rows.ticket(ctx, tag, i, customer, user_email(n)) for i in range(TICKETS))
		if ctx["has_shipments"]:
			docs.extend(rows.shipment(ctx, tag, i, customer) for i in range(SHIPMENTS))
		docs.extend(rows.file(tag, i, f"SCL-SINV-{tag}-{i % invoices:05d}") for i in range(FILES))
	return docs


def ensure_file_on_disk() -> None:
	"""The one PDF every scale File row points at (so downloads work)."""
	from pathlib import Path

	from ralom_portal.demo.files import pdf_bytes

	path = Path(frappe.get_site_path("private", "files", "ralom-scale-document.pdf"))
	if not path.exists():
		path.parent.mkdir(parents=True, exist_ok=True)
		path.write_bytes(pdf_bytes("Document (scale)"))


def _bulk(docs: list) -> dict[str, int]:
	"""Write documents and their child rows as plain rows: one multi-row INSERT per table and chunk."""
	now = now_datetime()
	user = frappe.session.user
	tables: dict[str, tuple[list, list]] = {}
	for doc in docs:
		for d in [doc, *doc.get_all_children()]:
			d.owner = d.modified_by = user
			d.creation = d.creation or now
			d.modified = d.modified or d.creation
			if d.get("parent") is None and d is not doc:
				d.parent, d.parenttype = doc.name, doc.doctype
			if d is not doc:
				d.docstatus = doc.docstatus
			row = d.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True)
			fields, values = tables.setdefault(d.doctype, (list(row), []))
			values.append(tuple(row.get(f) for f in fields))
	for doctype, (fields, values) in tables.items():
		frappe.db.bulk_insert(doctype, fields, values, chunk_size=500)
	return {doctype: len(values) for doctype, (_f, values) in tables.items()}


def run(customers: int, echo: Callable[[str], None]) -> dict[str, int]:
	"""The command's body: build with a progress line, and say how long it took."""
	started = time.monotonic()
	ensure_file_on_disk()

	def progress(step: int, total: int, name: str) -> None:
		if step == total or step == 1 or step % max(1, total // 20) == 0:
			width = 30
			done = int(width * step / total)
			elapsed = time.monotonic() - started
			echo(f"[{'#' * done}{'.' * (width - done)}] {step}/{total} {name} ({elapsed:.0f} s)")

	written = build(customers, progress)
	echo(f"done in {time.monotonic() - started:.1f} s")
	return written
