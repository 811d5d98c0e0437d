"""Arguments as a whitelisted method receives them through Frappe's request handling.

A browser reaches our methods through Frappe's handler, not as Python calls: every argument may be
missing, arrives as a form string (or JSON value), and Frappe passes its own request keys (`cmd`,
`_`, `csrf_token`) to any method that takes `**kwargs`. A method that takes `**kwargs` to refuse
unexpected fields must therefore let those keys through, and a method must answer a missing
argument with a translated 4xx instead of Python's TypeError (a server error).
"""

from __future__ import annotations

import typing

import frappe
from frappe import _

# Frappe's own request keys, which reach a whitelisted method's **kwargs.
TRANSPORT_KEYS = frozenset({"cmd", "csrf_token", "_"})


class MissingArgumentError(frappe.ValidationError):
	pass


def unexpected(extra: dict | None) -> list[str]:
	"""The keys of `extra` that are not Frappe's own request keys, sorted."""
	return sorted(k for k in (extra or {}) if k not in TRANSPORT_KEYS)


def required(value, label: str) -> str:
	"""`value` (text), or a translated refusal naming `label` when the caller left it out or empty."""
	if not isinstance(value, str) or not value.strip():
		frappe.throw(_("{0} is missing.").format(label), MissingArgumentError)
	return value


class ArgumentTypeError(frappe.ValidationError):
	pass


def check_types(fn, kwargs: dict) -> None:
	"""Refuse, translated, an argument whose value cannot be what `fn` declares (`str`, `int`).

	Frappe's own check of annotations answers in English with no message a page could show, and it
	skips modules that use `from __future__ import annotations` (every API module does, so this is
	the one check). Form values are strings, so an `int` may arrive as "1"; JSON bodies can carry
	lists and objects, which no `str` or `int` argument takes.
	"""
	hints = _hints(fn)
	for arg, value in kwargs.items():
		expected = hints.get(arg)
		if value is None or expected is None:
			continue
		if expected is str and not isinstance(value, str):
			_refuse_type(arg)
		if expected is int and not _int_like(value):
			_refuse_type(arg)


def _int_like(value) -> bool:
	if isinstance(value, bool):
		return True
	if isinstance(value, int):
		return True
	return isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20


def _refuse_type(arg: str):
	frappe.throw(_("The value given for {0} is not valid.").format(arg[:40]), ArgumentTypeError)


_hint_cache: dict = {}


def _hints(fn) -> dict:
	"""{argument: str or int} for arguments declared as str / int (optional or not)."""
	if fn not in _hint_cache:
		try:
			declared = typing.get_type_hints(fn)
		except Exception:
			declared = {}
		_hint_cache[fn] = {
			name: base for name, hint in declared.items() if (base := _scalar(hint)) is not None
		}
	return _hint_cache[fn]


def _scalar(hint):
	if hint in (str, int):
		return hint
	args = set(typing.get_args(hint)) - {type(None)}
	if len(args) == 1 and (only := args.pop()) in (str, int):
		return only
	return None
