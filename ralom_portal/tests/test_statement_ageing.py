"""The statement's ageing reads the client's open items by index (issue 29), not every ledger line,
and gives what summing every ledger line gives, on any date (the ledger's equality with ERPNext's
Accounts Receivable is tested in test_invoices.py)."""

from collections import defaultdict

import frappe
from frappe.utils import add_days, getdate, nowdate

from ralom_portal.portal.queries import statement as st_q
from ralom_portal.setup.company import default_company


def _ledger(customer: str, invoices: int) -> None:
	"""`invoices` invoices (3 days apart past 100), the newest unpaid or half paid, each payment ten
	days after its invoice: the newest payments are dated after today."""
	from ralom_portal.demo import scale

	ctx, rng, tag = scale._context(), scale.random.Random(3), frappe.generate_hash(length=6)
	docs = []
	for i in range(invoices):
		docs.extend(scale.rows.invoice_and_payment(ctx, tag, i, customer, rng, invoices))
	scale._bulk(docs)


def _every_line(customer: str, as_of) -> dict:
	"""The ageing from every ledger line of the client, keyed per item in Python (no credit notes
	here): the reference the indexed query must equal."""
	lines = frappe.db.sql(
		"""select g.account, g.voucher_type, g.voucher_no, g.against_voucher_type, g.against_voucher,
			g.posting_date, g.debit_in_account_currency - g.credit_in_account_currency as amount
		from `tabGL Entry` g join `tabAccount` a on a.name = g.account and a.account_type = 'Receivable'
		where g.party = %s and g.party_type = 'Customer' and g.is_cancelled = 0 and g.posting_date <= %s""",
		(customer, as_of),
		as_dict=True,
	)
	items = defaultdict(lambda: {"outstanding": 0.0, "own_date": None})
	for g in lines:
		vt, vn = (
			(g.against_voucher_type, g.against_voucher)
			if g.against_voucher
			else (g.voucher_type, g.voucher_no)
		)
		item = items[(g.account, vt, vn)]
		item["outstanding"] += float(g.amount)
		if vn == g.voucher_no:
			item["own_date"] = g.posting_date
		item["invoice_due"] = (
			frappe.db.get_value("Sales Invoice", vn, "due_date") if vt == "Sales Invoice" else None
		)
	return st_q.bucket(list(items.values()), as_of)


def test_ageing_equals_the_sum_of_every_ledger_line_on_any_date(factories):
	customer = factories.customer().name
	_ledger(customer, 120)
	for offset in (0, -2, -15, -45, -200, 10):
		as_of = getdate(add_days(nowdate(), offset))
		mine = st_q.ageing((customer,), as_of, "RON")
		assert mine == _every_line(customer, as_of), offset
		assert mine["total"] != 0, offset


def test_ageing_reads_open_items_by_index_only(factories):
	customer = factories.customer().name
	_ledger(customer, 400)
	for table in ("Sales Invoice", "Payment Entry", "GL Entry"):
		frappe.db.sql(f"analyze table `tab{table}`")
	sql = st_q._open_items_sql((customer,))
	values = {"company": default_company(), "currency": "RON", "as_of": getdate(nowdate())}
	plan = frappe.db.sql("explain " + sql, values, as_dict=True)
	tables = [row for row in plan if row.table and not row.table.startswith("<")]
	# Every table is read by index (no full scan, no scan of a whole index), and none of the
	# client's 800 ledger lines is read but the open items' and the few after today.
	assert all(row.type in ("range", "ref", "eq_ref") for row in tables), plan
	assert max(int(row.rows or 0) for row in tables) < 100, plan
	keys = {row.key for row in tables}
	assert {"ralom_customer_outstanding", "ralom_party_unallocated", "ralom_party_voucher_type"} <= keys, plan
	assert "ralom_party_balance" in keys, plan
	# And it still finds them: the four newest invoices, unpaid or half paid.
	assert st_q.ageing((customer,), getdate(nowdate()), "RON")["total"] > 0
