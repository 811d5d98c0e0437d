"""Run the same write from several clients at once, each on its own database connection.

Tests of "exactly one wins" (two accepts of one offer, two signatures of one contract) need real
concurrency: separate connections, each in its own transaction, released together. The records
they race on must be committed first, since the other connections cannot see the test's own
transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import frappe


def race(n: int, fn: Callable[[int], object], *, user: str = "Administrator", timeout: float = 120) -> list:
	"""Call `fn(i)` in `n` threads at once and return, in thread order, what each returned or raised.

	Each thread connects to the test site on its own connection, acts as `user`, opens its
	transaction (so every thread reads the same snapshot) and waits for the others before calling
	`fn`. It commits when `fn` returns and rolls back when it raises. A thread that has not finished
	after `timeout` seconds reports a `TimeoutError`.
	"""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(n)
	results: list = [TimeoutError(f"thread {i} did not finish in {timeout} s") for i in range(n)]

	def worker(i: int) -> None:
		try:
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
		except Exception as e:
			results[i] = e
			return
		try:
			frappe.set_user(user)
			frappe.db.sql("select 1")  # open the transaction (snapshot) before racing
			barrier.wait(timeout=30)
			try:
				results[i] = fn(i)
				frappe.db.commit()
			except Exception as e:
				frappe.db.rollback()
				results[i] = e
		except Exception as e:
			results[i] = e
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
	for t in threads:
		t.start()
	for t in threads:
		t.join(timeout=timeout)
	return results
