"""Who a portal user acts for.

This is the one place that answers "which customers does this user act for". The answer comes
from ERPNext's own `Customer.portal_users` table (the v15 mechanism), for enabled users and
enabled customers only. It is cached for the current request only, so unlinking a contact or
disabling a user takes effect on an already-open session at its next request.

Memberships (issue 27): each row of that table also says what the person may see of that customer,
a role and sections (`setup/custom_fields.py`, on ERPNext's `Portal User`). `customers_for(user,
section)` answers for one section of the registry; every rule, page and API asks it with the section
of what it shows, so a section a member may not see answers exactly like another client's record.
"""

import frappe

from ralom_portal import sections

STAFF_USERS = ("Administrator",)


def is_guest(user: str | None = None) -> bool:
	return (user or frappe.session.user) == "Guest"


def is_desk_user(user: str | None = None) -> bool:
	"""Staff: System Users (and Administrator). Access hooks leave them alone."""
	user = user or frappe.session.user
	if user in STAFF_USERS:
		return True
	if user == "Guest":
		return False
	return frappe.get_cached_value("User", user, "user_type") == "System User"


def is_portal_user(user: str | None = None) -> bool:
	"""Anyone the portal rules apply to: guests and website users."""
	return not is_desk_user(user)


ADMINISTRATOR = "Client administrator"
MEMBER = "Member"
# `Portal User.ralom_sections` holding this grants no section (empty grants every section).
NO_SECTION = "none"


class Customers(tuple):
	"""Customer names: a plain tuple wherever one is expected (`in`, `==`, SQL's `in (...)`), which
	also carries the user's grant per customer, so a rule over records of several sections (the File
	rule's branches) narrows each branch to the customers that grant that branch's section
	(`within`). `grants` maps each customer the user acts for to the section keys it grants, None
	for every section."""

	def __new__(cls, names=(), grants: dict | None = None, administered: frozenset = frozenset()):
		self = super().__new__(cls, names)
		self.grants = grants or {}
		# The customers whose row makes the user their Client administrator (the team page's link).
		self.administered = administered
		return self

	def within(self, section: str | None) -> "Customers":
		"""These customers, less those whose membership does not grant `section`."""
		if not _is_restricted(section):
			return self
		return Customers(
			(c for c in self if _grants(self.grants.get(c, ()), section)), self.grants, self.administered
		)


def within(customers: tuple[str, ...], section: str | None) -> tuple[str, ...]:
	"""`customers` narrowed to `section` when they carry grants (`customers_for`'s answer); a plain
	tuple (built by a caller or a test) is taken as it is."""
	return customers.within(section) if isinstance(customers, Customers) else customers


def _is_restricted(section: str | None) -> bool:
	"""Whether `section` is one a membership can withhold: a registry key other than the dashboard.
	Anything else (None, `dashboard`, a page that is not a section such as `notifications`) is open
	to every customer the user acts for."""
	return bool(section) and section != "dashboard" and section in sections.BY_KEY


def _grants(granted, section: str) -> bool:
	return granted is None or section in granted


def _granted(role: str | None, stored: str | None):
	"""The sections one Portal User row grants: None for every section (an administrator, or a row
	with no sections stored, which is what every row meant before memberships), else a frozenset."""
	if role == ADMINISTRATOR or not (stored or "").strip():
		return None
	keys = {k.strip() for k in stored.split(",")}
	return frozenset(k for k in keys if k in sections.BY_KEY and k != NO_SECTION)


def customers_for(user: str | None = None, section: str | None = None) -> Customers:
	"""Names of the enabled customers whose `portal_users` list this (enabled) user; with `section`
	(a key of the section registry), only those whose membership grants it.

	One query per request and user, whatever the section: the rows come with their role and
	sections and are filtered here."""
	user = user or frappe.session.user
	if user == "Guest":
		return Customers()
	cache = getattr(frappe.local, "ralom_customers_for", None)
	if cache is None:
		cache = frappe.local.ralom_customers_for = {}
	if user not in cache:
		grants: dict = {}
		administered = set()
		for customer, role, stored in frappe.db.sql(
			"""
			select pu.parent, pu.ralom_portal_role, pu.ralom_sections
			from `tabPortal User` pu
			join `tabCustomer` c on c.name = pu.parent
			join `tabUser` u on u.name = pu.user
			where pu.parenttype = 'Customer' and pu.parentfield = 'portal_users'
				and pu.user = %s and c.disabled = 0 and u.enabled = 1
			order by pu.parent
			""",
			user,
		):
			granted = _granted(role, stored)
			if role == ADMINISTRATOR:
				administered.add(customer)
			if customer in grants:
				# Two rows for one customer (only by hand): the wider grant wins.
				before = grants[customer]
				granted = None if before is None or granted is None else before | granted
			grants[customer] = granted
		cache[user] = Customers(tuple(grants), grants, frozenset(administered))
	return cache[user].within(section)


def granted_sections(user: str | None = None) -> set[str]:
	"""The registry keys of the sections at least one of the user's customers grants (the sidebar);
	every key for a user who acts for no customer."""
	customers = customers_for(user)
	return {s["key"] for s in sections.SECTIONS if not customers or customers.within(s["key"])}


def forget(user: str | None = None) -> None:
	"""Drop the per-request cache (used after the link changes inside one request or test)."""
	cache = getattr(frappe.local, "ralom_customers_for", None)
	if cache is not None:
		if user:
			cache.pop(user, None)
		else:
			cache.clear()


def primary_customer(user: str | None = None, section: str | None = None) -> str | None:
	"""The customer a new record is filed under; the first one when a user acts for several (of
	those that grant `section`, when one is named)."""
	customers = customers_for(user, section)
	return customers[0] if customers else None
