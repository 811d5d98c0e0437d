#!/usr/bin/env python3
"""The SQL of the portal's list pages, in process: time per query and in Python, per client.

    cd /home/frappe/ralom-bench/sites && ../env/bin/python /path/to/scripts/query_profile.py \\
        ralom.localhost "Scale Client 0000 SRL" "Constructii Moldova SRL" --runs 20

For each page's read function (dashboard, invoices, payments, statement, files) and each customer: the
median time of each query the function runs (by its position), their sum, and the function's total
(SQL plus Python). Complements scripts/benchmark.py, which times whole requests over HTTP. Read-only.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("site")
	parser.add_argument("customers", nargs="+")
	parser.add_argument("--runs", type=int, default=20)
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site)
	frappe.connect()
	from ralom_portal.portal.queries import dashboard, files, invoices, payments
	from ralom_portal.portal.queries import statement as st

	pages = {
		"dashboard": lambda c: dashboard.summary(c),
		"invoices": lambda c: invoices.invoice_list(c),
		"payments": lambda c: payments.payment_list(c),
		"statement": lambda c: st.statement(c, *st.default_period(), None, page=1, page_size=20),
		"files": lambda c: files.library(c, files.clean_filters({})),
	}
	real = frappe.db.sql
	for customer in args.customers:
		print(f"\n{customer}")
		for page, fn in pages.items():
			per_query: list[list[float]] = []
			totals = []
			for _run in range(args.runs):
				times: list[float] = []

				def timed(*a, _times=times, **kw):
					start = time.perf_counter()
					try:
						return real(*a, **kw)
					finally:
						_times.append((time.perf_counter() - start) * 1000)

				frappe.db.sql = timed
				start = time.perf_counter()
				try:
					fn((customer,))
				finally:
					frappe.db.sql = real
				totals.append((time.perf_counter() - start) * 1000)
				for i, ms in enumerate(times):
					if len(per_query) <= i:
						per_query.append([])
					per_query[i].append(ms)
			medians = [statistics.median(q) for q in per_query]
			sql = sum(medians)
			total = statistics.median(totals)
			each = " ".join(f"{m:.1f}" for m in medians)
			print(f"  {page:10} {len(medians):2} q  sql {sql:6.1f} ms  total {total:6.1f} ms  [{each}]")
	frappe.destroy()
	return 0


if __name__ == "__main__":
	raise SystemExit(main())
