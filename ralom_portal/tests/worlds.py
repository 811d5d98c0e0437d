"""Worlds built once for many in-process tests of a module: the records they read.

A fixture builds its records with `return module_world(request, build)`. They stay uncommitted:
a savepoint is taken after them, each test rolls back to it (its own writes vanish, the world
stays), and the next test that asks for the same fixture gets the same world without building it
again. It ends (the whole transaction is rolled back, nothing reaches the site) after the last
test of the module that asks for it, or before a test that works with committed data (conftest's
`rollback` fixture); a later test that asks for it again gets a new one.

Rules for tests that use a world:
- never commit (a commit would write the world to the site): `frappe.db.commit` raises while a
  world is open; HTTP tests, which need committed data, use `demo_data` instead;
- keep only names in the world and load documents per test (`refs` and `fresh`), so a test that
  changes its copy of a document does not hand the change to the next test.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

import frappe
from frappe.model.document import Document

SAVEPOINT = "ralom_module_world"


class _State:
	key: tuple | None = None  # (module, fixture) of the open world
	fixture: str | None = None
	value = None
	after_rollback: deque | None = None  # the world's own rollback callbacks (its files on disk)


state = _State()


def is_open() -> bool:
	return state.key is not None


def module_world(request, build):
	"""The world of `request`'s fixture: the one already open, else `build()`'s result."""
	key = (request.module.__name__, request.fixturename)
	if state.key == key:
		return state.value
	close()
	frappe.db.rollback()
	frappe.set_user("Administrator")
	_forget_request_state()
	try:
		world = build()
	except BaseException:
		frappe.db.rollback()
		raise
	frappe.set_user("Administrator")
	_forget_request_state()
	# Files written while building register their deletion for a full rollback; keep those for the
	# end of the world, so a test's rollback to the savepoint does not delete the world's files.
	state.after_rollback = deque(frappe.db.after_rollback._functions)
	frappe.db.after_rollback.reset()
	frappe.db.before_rollback.reset()
	frappe.db.before_commit.reset()
	frappe.db.after_commit.reset()
	frappe.db.savepoint(SAVEPOINT)
	state.key, state.fixture, state.value = key, request.fixturename, world
	frappe.db.commit = _refuse_commit
	return world


def close_unless_needed(item) -> None:
	"""Called at the end of each test: the world stays open while a later test of the module asks
	for it, unless the next test works with committed data (`demo_data`: HTTP and browser tests,
	which commit); the in-process tests in between roll back to its savepoint too."""
	if not is_open():
		return
	items = item.session.items
	later = items[items.index(item) + 1 :]
	if later and later[0].module is item.module and "demo_data" not in later[0].fixturenames:
		if any(i.module is item.module and state.fixture in i.fixturenames for i in later):
			return
	close()


def rollback() -> None:
	"""Undo the current test's writes: to the world's savepoint when a world is open, else all."""
	if is_open():
		undo_test()
	else:
		frappe.db.rollback()


def undo_test() -> None:
	"""Undo a test's writes: back to the world's savepoint, with Frappe's rollback callbacks
	(files the test wrote are deleted, cached documents it changed are dropped)."""
	db = frappe.db
	db.before_commit.reset()
	db.after_commit.reset()
	db.before_rollback.run()
	try:
		db.rollback(save_point=SAVEPOINT)
	except Exception as e:
		fixture = state.fixture
		close()
		raise RuntimeError(
			f"the world of {fixture} was lost: a test committed or rolled back the whole transaction ({e})"
		) from e
	db.after_rollback.run()


def close() -> None:
	"""End the open world (idempotent): roll everything back, then delete the world's files."""
	if not is_open():
		return
	vars(frappe.db).pop("commit", None)  # Frappe's own commit again
	callbacks = state.after_rollback or deque()
	state.key = state.fixture = state.value = state.after_rollback = None
	frappe.db.rollback()
	frappe.set_user("Administrator")
	_forget_request_state()
	for fn in callbacks:
		fn()


def _refuse_commit(*_args, **_kwargs):
	raise RuntimeError(
		f"commit while the module world of {state.fixture} is open would write it to the site; "
		"a test that needs committed data uses demo_data"
	)


def _forget_request_state():
	from ralom_portal.access.customers import forget

	forget()
	frappe.local.response = frappe._dict()
	frappe.local.form_dict = frappe._dict()


class Ref(NamedTuple):
	"""A document of a world, by name (loaded afresh for each test by `fresh`)."""

	doctype: str
	name: str


def refs(**values) -> dict:
	"""`values` with each Document replaced by its `Ref`, to keep in a world (see `fresh`)."""
	return {k: Ref(v.doctype, v.name) if isinstance(v, Document) else v for k, v in values.items()}


def fresh(world: dict) -> frappe._dict:
	"""The world for one test, its documents loaded again: a test may change its copies without
	the next test seeing them."""
	return frappe._dict({k: frappe.get_doc(*v) if isinstance(v, Ref) else v for k, v in world.items()})
