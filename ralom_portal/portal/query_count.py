"""`X-Ralom-Queries`: how many SQL queries a request ran, for `scripts/benchmark.py`.

Only on a site with `ralom_benchmark` in its site config (`bench --site X set-config --parse
ralom_benchmark 1`); off by default, since the header tells anyone how much work a page does.
"""

import frappe

HEADER = "X-Ralom-Queries"


def start() -> None:
	"""before_request: count every `frappe.db.sql` of this request (the other db methods use it)."""
	if not frappe.conf.get("ralom_benchmark") or not getattr(frappe.local, "db", None):
		return
	db = frappe.local.db
	real = db.sql
	count = [0]

	def sql(*args, **kwargs):
		count[0] += 1
		return real(*args, **kwargs)

	db.sql = sql
	frappe.local.ralom_query_count = count


def finish(response=None, request=None) -> None:
	"""after_request: put the count on the response."""
	count = getattr(frappe.local, "ralom_query_count", None)
	if count is not None and response is not None:
		response.headers[HEADER] = str(count[0])
