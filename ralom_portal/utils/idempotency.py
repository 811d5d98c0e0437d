"""Write once: a double click, a retry or two tabs never make a second record.

* `insert_once(doc)`: insert, or say (False) that a unique index already holds the row — an offer
  decided, a contract signed, a notification marked read by a parallel request.
* `create_once(doctype, ...)`: the idempotent create of a client's submission (a quote request, a
  ticket). The form sends a random `submission_key` (`client_key`); the record stores a key made
  from it (`idempotency_key`) under a unique index, and a hash of its content (`payload_hash`).
  The same key, or without one the same content from the same user within `DUPLICATE_WINDOW`
  seconds, answers the first record and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import time

import frappe

# What the forms generate (crypto.randomUUID and the like); anything else is no key at all.
CLIENT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# The same content this soon again, without a key, is a double click (or a retry), not a new one.
DUPLICATE_WINDOW = 10  # seconds


def is_unique_violation(e: Exception) -> bool:
	"""`e` says a unique index (or the primary key) already holds the row being inserted."""
	# Frappe turns MariaDB's duplicate-entry error into these two on insert; a raw one can still
	# reach us from a plain SQL insert.
	return isinstance(
		e, frappe.DuplicateEntryError | frappe.UniqueValidationError
	) or frappe.db.is_unique_key_violation(e)


def insert_once(doc) -> bool:
	"""Insert `doc` (the caller has checked access) and True; False, writing nothing, when a unique
	index says the row is already there. A failed INSERT leaves the rest of the transaction as it
	was; Frappe's "already exists" message is dropped, since the caller answers in its own words."""
	try:
		doc.insert(ignore_permissions=True)
	except Exception as e:
		if not is_unique_violation(e):
			raise
		frappe.local.message_log = []
		return False
	return True


def client_key(value) -> str | None:
	"""The form's `submission_key`, or None when it is missing or not a key (ignored, not refused:
	the content hash still catches a double click)."""
	value = value or None
	if value is not None and (not isinstance(value, str) or not CLIENT_KEY.match(value)):
		return None
	return value


def payload_hash(user: str, customer: str, clean: dict, files=()) -> str:
	"""SHA-256 of what was submitted (without its key) and by whom; `files` by their content hash."""
	content = {k: v for k, v in clean.items() if k != "submission_key"}
	content["files"] = sorted(f["hash"] for f in files)
	raw = json.dumps([user, customer, content], sort_keys=True, default=str, ensure_ascii=False)
	return hashlib.sha256(raw.encode()).hexdigest()


def idempotency_key(user: str, key: str | None, content_hash: str, window: int = DUPLICATE_WINDOW) -> str:
	"""The stored key: the user's own form key, or without one the content within this `window`."""
	raw = f"{user}:key:{key}" if key else f"{content_hash}:{int(time.time()) // window}"
	return hashlib.sha256(raw.encode()).hexdigest()


def find_duplicate(doctype: str, key: str, content_hash: str, window: int = DUPLICATE_WINDOW) -> str | None:
	"""The first `doctype` record with this key, or with this content in the last `window` seconds."""
	rows = frappe.db.sql(
		f"""select name from `tab{doctype}`
		where submission_key = %(key)s
			or (payload_hash = %(hash)s and creation >= now() - interval %(window)s second)
		order by creation limit 1""",
		{"key": key, "hash": content_hash, "window": window},
	)
	return rows[0][0] if rows else None


def create_once(
	doctype: str, *, key: str, content_hash: str, build, after, window: int = DUPLICATE_WINDOW
) -> dict:
	"""`{"name", "duplicate"}`: the first record for this submission, or a new one.

	Under one savepoint: `build()` returns the new document (it may first write what the document
	links to, e.g. an address); it is inserted with `submission_key` and `payload_hash`; `after(doc)`
	writes the rest (files, messages, notifications). A refusal or error anywhere undoes all of it.
	Two concurrent submissions with one key meet at the unique index: the later one undoes its
	writes and answers the first record, read with a locking read (the latest committed row, which
	this transaction's earlier reads may not show)."""
	existing = find_duplicate(doctype, key, content_hash, window)
	if existing:
		return {"name": existing, "duplicate": True}

	savepoint = f"ralom_create_{frappe.scrub(doctype)}"
	frappe.db.savepoint(savepoint)
	try:
		doc = build()
		doc.update({"submission_key": key, "payload_hash": content_hash})
		try:
			doc.insert(ignore_permissions=True)
		except Exception as e:
			if not is_unique_violation(e):
				raise
			frappe.db.rollback(save_point=savepoint)
			frappe.local.message_log = []
			first = frappe.db.sql(
				f"select name from `tab{doctype}` where submission_key = %s for update", key
			)
			if first:
				return {"name": first[0][0], "duplicate": True}
			raise
		after(doc)
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	return {"name": doc.name, "duplicate": False}
