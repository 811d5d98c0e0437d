"""Counting the SQL queries a piece of code runs (query-count bounds are asserted; timings never are)."""

import frappe


def count_queries(fn) -> int:
	calls = []
	real = frappe.db.sql

	def counting(*args, **kwargs):
		calls.append(args[0] if args else kwargs.get("query"))
		return real(*args, **kwargs)

	frappe.db.sql = counting
	try:
		fn()
	finally:
		frappe.db.sql = real
	return len(calls)
