"""The client administrator's team (issue 27): who the colleagues of a customer are, and the two
changes an administrator makes to them (role and sections, deactivation).

Domain code in `access` because it is the other half of `access.customers`: that module reads the
memberships (`Portal User.ralom_portal_role` / `ralom_sections`), this one writes them.

* Every write starts with `require_administrator` (a customer the caller does not administer is
  refused exactly like another client's record), then locks the customer's Portal User rows
  (`for update`) and checks again on the locked rows, so two administrators demoting each other at
  once cannot leave the customer without one: the second waits, then finds it is no longer an
  administrator.
* Every refusal comes before the first write: nothing is written.
* Each change is logged as an "Info" Comment on the Customer: no schema of our own, and staff see it
  on the Customer form's timeline. `LOG_MARK` tells our entries from any other Info comment.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import escape_html, strip_html

from ralom_portal import sections
from ralom_portal.access import links
from ralom_portal.access.customers import (
	ADMINISTRATOR,
	MEMBER,
	NO_SECTION,
	customers_for,
	forget,
	is_desk_user,
)
from ralom_portal.access.refuse import MAX_NAME, deny, refuse_invalid

ROLES = (ADMINISTRATOR, MEMBER)
LOG_MARK = '<span class="ralom-team-log">'
LOG_LIMIT = 20


def choosable_sections() -> list[str]:
	"""The registry keys an administrator may grant: every section but the dashboard (always open)."""
	return [s["key"] for s in sections.SECTIONS if s["key"] != "dashboard"]


def administered(user: str | None = None) -> list[str]:
	"""The enabled customers the (enabled, portal) user is a Client administrator of: of the active
	customer only, for a person who acts for several (`customers_for`, the company switcher)."""
	user = user or frappe.session.user
	if user == "Guest" or is_desk_user(user):
		return []
	return sorted(customers_for(user).administered)


def require_administrator(customer, user: str | None = None) -> str:
	"""`customer` when the user administers it; anything else gets the answer of a foreign record."""
	if not isinstance(customer, str) or not customer or len(customer) > MAX_NAME:
		deny()
	if customer not in administered(user):
		deny()
	return customer


def _rows(customer: str, lock: bool = False) -> list[dict]:
	return frappe.db.sql(
		f"""
		select pu.name, pu.user, pu.ralom_portal_role as role, pu.ralom_sections as sections,
			u.enabled, u.full_name, u.last_login
		from `tabPortal User` pu
		join `tabUser` u on u.name = pu.user
		where pu.parenttype = 'Customer' and pu.parentfield = 'portal_users' and pu.parent = %s
		order by pu.idx
		{"for update" if lock else ""}
		""",
		customer,
		as_dict=True,
	)


def _administrators(rows) -> set[str]:
	return {r.user for r in rows if r.role == ADMINISTRATOR and r.enabled}


def _locked(customer: str, actor: str, user) -> tuple[list[dict], dict]:
	"""The customer's rows, locked, after checking again on them that `actor` administers it; and the
	colleague's row (refused when `user` is not linked to this customer)."""
	rows = _rows(customer, lock=True)
	if actor not in _administrators(rows):
		deny()
	row = next((r for r in rows if isinstance(user, str) and r.user == user), None)
	if not row:
		refuse_invalid(_("This person is not a colleague in this company."))
	return rows, row


def parse_sections(value) -> list[str]:
	"""The chosen section keys (a list, or its JSON), in the registry's order; refused when one is not
	a section an administrator can grant."""
	if value in (None, ""):
		return []
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			value = [value]
	if not isinstance(value, list | tuple) or len(value) > 50:
		refuse_invalid(_("A section you chose does not exist."))
	allowed = choosable_sections()
	if any(not isinstance(k, str) or k not in allowed for k in value):
		refuse_invalid(_("A section you chose does not exist."))
	return [k for k in allowed if k in value]


def set_membership(actor: str, customer, user, role, chosen) -> dict:
	"""Give `user`, a colleague at `customer`, this role and these sections; `actor` administers it."""
	customer = require_administrator(customer, actor)
	if role not in ROLES:
		refuse_invalid(_("Choose a role: Client administrator or Member."))
	keys = parse_sections(chosen)
	rows, row = _locked(customer, actor, user)
	if row.role == ADMINISTRATOR and role != ADMINISTRATOR and _administrators(rows) <= {user}:
		refuse_invalid(_("The company needs at least one client administrator. Name another one first."))
	stored = ",".join(keys) or NO_SECTION
	if (row.role, row.sections or "") == (role, stored):
		return {"changed": False}
	frappe.db.set_value("Portal User", row.name, {"ralom_portal_role": role, "ralom_sections": stored})
	titles = ", ".join(section_titles(stored)) or _("none")
	log_change(
		customer,
		_("{0} set {1}: role {2}, sections {3}").format(full_name(actor), full_name(user), _(role), titles),
	)
	forget(user)
	return {"changed": True}


def deactivate(actor: str, customer, user) -> dict:
	"""Unlink `user` from `customer` (with the Contact clean-up of `links.unlink_user`)."""
	customer = require_administrator(customer, actor)
	rows, row = _locked(customer, actor, user)
	if row.role == ADMINISTRATOR and _administrators(rows) <= {user}:
		refuse_invalid(_("The company needs at least one client administrator. Name another one first."))
	links.unlink_user(customer, user)
	log_change(customer, _("{0} deactivated {1}").format(full_name(actor), full_name(user)))
	return {"deactivated": True}


def section_titles(stored: str | None) -> list[str]:
	"""The translated titles of the sections a stored value names (empty field: every section)."""
	keys = None if not (stored or "").strip() else {k.strip() for k in stored.split(",")}
	return [
		_(s["title"], context="Portal section")
		for s in sections.SECTIONS
		if s["key"] != "dashboard" and (keys is None or s["key"] in keys)
	]


def colleagues(customer: str) -> list[dict]:
	"""The people linked to `customer`: name, e-mail, role, sections (keys and titles), last sign-in
	(one query, whatever the size of the team)."""
	people = []
	for r in _rows(customer):
		stored = r.sections or ""
		every = not stored.strip()
		keys = set(choosable_sections()) if every else {k.strip() for k in stored.split(",")}
		people.append(
			frappe._dict(
				user=r.user,
				full_name=r.full_name or r.user,
				role=r.role or ADMINISTRATOR,
				enabled=r.enabled,
				granted=keys,
				titles=section_titles(stored),
				last_login=r.last_login,
			)
		)
	return people


def log(customer: str, limit: int = LOG_LIMIT) -> list[dict]:
	"""The customer's last `limit` team changes, newest first: when, and what (plain text)."""
	rows = frappe.get_all(
		"Comment",
		filters={
			"reference_doctype": "Customer",
			"reference_name": customer,
			"comment_type": "Info",
			"content": ("like", LOG_MARK + "%"),
		},
		fields=["creation", "content"],
		order_by="creation desc, name desc",
		limit=limit,
	)
	return [frappe._dict(at=r.creation, text=strip_html(r.content)) for r in rows]


def log_change(customer: str, text: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": "Customer",
			"reference_name": customer,
			"comment_email": frappe.session.user,
			"content": f"{LOG_MARK}{escape_html(text)}</span>",
		}
	).insert(ignore_permissions=True)


def full_name(user: str) -> str:
	return frappe.utils.get_fullname(user) or user


def validate_rows(doc, method=None) -> None:
	"""Customer validate: the Portal Users grid's role and sections, as staff type them in the desk
	(or any other write): an unknown role or section key is refused with a translated message, naming
	the person; the keys are stored in the registry's order. The portal's own writes go through
	`set_membership`, which checks the same before writing."""
	# Every registry key is accepted (the dashboard's is harmless: it is always open).
	order = [s["key"] for s in sections.SECTIONS]
	for row in doc.get("portal_users") or []:
		if row.get("ralom_portal_role") and row.ralom_portal_role not in ROLES:
			refuse_invalid(_("{0}: choose a role: Client administrator or Member.").format(row.user))
		stored = (row.get("ralom_sections") or "").strip()
		if not stored or stored == NO_SECTION:
			continue
		keys = [k.strip() for k in stored.split(",") if k.strip()]
		unknown = [k for k in keys if k not in order]
		if unknown:
			refuse_invalid(
				_("{0}: unknown portal sections {1}. Use: {2}.").format(
					row.user, ", ".join(unknown), ", ".join(choosable_sections())
				)
			)
		row.ralom_sections = ",".join(k for k in order if k in keys)
