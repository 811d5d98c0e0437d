"""A scale dataset: many customers with years' worth of documents, to measure pages at real volumes.

`bench --site X ralom-portal scale --customers N` creates, per customer: 20 submitted invoices with
their payments, 5 submitted quotations, 2 projects of 30 tasks, 10 support tickets, 10 shipments
and 20 files; plus one big customer with 3,000 invoices (with payments) and 500 offers.

Customers and their portal users go through the demo builders (ERPNext's controllers). The
documents do not: through the controllers one invoice with its payment takes about a second
(ledger, stock, taxes), 26,000 of them most of a working day on two cores. They are written as
rows (`get_valid_dict` of a document built in memory, then `frappe.db.bulk_insert`), the way
`tests/factories.list_only_invoices` does: every column the portal reads is filled (totals,
outstanding, statuses, links, child rows), but there is no ledger (GL Entry) and no stock. So the
lists, details, dashboard and action centre show real volumes; the statement of account of a scale
customer is empty. Never run it on a production site (refused unless --force).

Deterministic: names, dates and amounts come from the customer's number and a fixed seed; a
customer that already exists is skipped, so a second run only tops up.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import contextmanager

import frappe
from frappe.utils import getdate, now_datetime

from ralom_portal.demo import builders
from ralom_portal.demo import scale_rows as rows

SEED = 20261130
PASSWORD = "Scale#Portal2026"
INVOICES, QUOTATIONS, PROJECTS, TICKETS, SHIPMENTS, FILES = 20, 5, 2, 10, 10, 20
TASKS = rows.TASKS
BIG_INVOICES, BIG_OFFERS = 3000, 500
# Users with a password (the load test signs in as them); hashing one costs ~0.2 s, so not all.
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
	"""Customer `n`, its portal user (enabled, with a password for the first ones) and its documents."""
	name = customer_name(n)
	builders.make_customer(name, tax_id=f"RO{90000000 + n}")
	with _user_creation_unthrottled():
		builders.make_portal_user(
			user_email(n),
			name,
			first_name="Client",
			last_name=f"{n:04d}",
			password=PASSWORD if n <= USERS_WITH_PASSWORD else None,
		)
	rng = random.Random(SEED * 10_000 + n)
	return _bulk(_customer_rows(ctx, n, name, rng, n == BIG))


@contextmanager
def _user_creation_unthrottled():
	"""Frappe refuses more than `throttle_user_limit` (60) new users an hour. The way round it is not
	`frappe.flags.in_import`: an import skips the DocType defaults, and the users were inserted with
	`enabled = 0` and could not sign in. Raising the limit for this process keeps the controller whole."""
	conf = frappe.local.conf
	before = conf.get("throttle_user_limit")
	conf["throttle_user_limit"] = 10**9
	try:
		yield
	finally:
		if before is None:
			conf.pop("throttle_user_limit", None)
		else:
			conf["throttle_user_limit"] = before


def _enable_scale_users() -> None:
	"""Earlier versions left every scale user disabled (above); a top-up run repairs them."""
	frappe.db.sql(
		"update `tabUser` set enabled = 1 where enabled = 0 and name like %s", ("client%@scale.example.ro",)
	)


def _context() -> dict:
	company = builders.default_company()
	item = builders.make_item("SCALE-SVC", name="Servicii montaj (scale)", rate=500)
	receivable = frappe.get_cached_value("Company", company, "default_receivable_account")
	bank = frappe.db.get_value("Account", {"company": company, "account_type": "Bank", "is_group": 0})
	cash = frappe.get_cached_value("Company", company, "default_cash_account")
	return {
		"company": company,
		"item": item.name,
		"item_name": item.item_name,
		"uom": item.stock_uom,
		"receivable": receivable,
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
