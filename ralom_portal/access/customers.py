"""Who a portal user acts for.

This is the one place that answers "which customers does this user act for". The answer comes
from ERPNext's own `Customer.portal_users` table (the v15 mechanism), for enabled users and
enabled customers only. It is cached for the current request only, so unlinking a contact or
disabling a user takes effect on an already-open session at its next request.

Memberships (issue 27): each row of that table also says what the person may see of that customer,
a role and sections (`setup/custom_fields.py`, on ERPNext's `Portal User`). `customers_for(user,
section)` answers for one section of the registry; every rule, page and API asks it with the section
of what it shows, so a section a member may not see answers exactly like another client's record.

Company switcher (issue 27): a person who acts for several customers works for one at a time, the
*active* one, so no page ever merges two companies. `customers_for` answers only the active customer
when it is asked about the request's own user (the session user): every rule, permission hook, page,
API, PDF, File rule and the bell read this one function, so all of them follow the switch without a
line of their own. Asked about anyone else (an e-mail's recipient while staff or a scheduled job are
the session user), it answers the full membership: an invoice e-mail of company B still reaches a
person who is working on A. `all_customers_for` is that full membership, always (the header's picker,
the switch offer, the switch itself). The choice is a Frappe user default (`ACTIVE_CUSTOMER`): Frappe
keeps it in Redis and in the request's local cache, so reading it costs no SQL query once warm, and
only a person with several customers reads it at all. A choice that is no longer one of theirs
(unlinked, customer disabled), or none yet, means the first customer in name order.
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

	def only(self, customer: str) -> "Customers":
		"""Just `customer` (one of these), with its grant and role: the active customer's view."""
		return Customers((customer,), {customer: self.grants.get(customer)}, self.administered & {customer})


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

	For the session user who acts for several customers, only the active one (see the module's
	docstring): what every page, rule and API of the request may show. For anyone else, every
	customer (`all_customers_for`).

	One query per request and user, whatever the section: the rows come with their role and
	sections and are filtered here."""
	user = user or frappe.session.user
	if user == "Guest":
		return Customers()
	entry = _entry(user)
	if user != frappe.session.user or len(entry[0]) < 2:
		return entry[0].within(section)
	if entry[1] is None:
		entry[1] = entry[0].only(_active(user, entry[0]))
	return entry[1].within(section)


def all_customers_for(user: str | None = None, section: str | None = None) -> Customers:
	"""Every customer the user acts for (whose membership grants `section`, when one is named),
	whichever is active: the company picker, the switch offer and the switch read it; e-mails and
	jobs get the same from `customers_for`, which narrows only for the session user."""
	user = user or frappe.session.user
	if user == "Guest":
		return Customers()
	return _entry(user)[0].within(section)


def active_customer(user: str | None = None) -> str | None:
	"""The customer the user works for now: the remembered choice while it is still one of theirs,
	else the first; None for someone who acts for no customer."""
	every = all_customers_for(user)
	if len(every) < 2:
		return every[0] if every else None
	return _active(user or frappe.session.user, every)


# The user default that remembers the active customer (`frappe.defaults`, cached in Redis).
ACTIVE_CUSTOMER = "ralom_active_customer"


def _active(user: str, every: Customers) -> str:
	chosen = frappe.defaults.get_defaults_for(user).get(ACTIVE_CUSTOMER)
	if isinstance(chosen, list):  # two rows for the key (only by hand): the first written wins
		chosen = chosen[0] if chosen else None
	return chosen if chosen in every else every[0]


def remember_active_customer(customer: str, user: str | None = None) -> None:
	"""Make `customer` the user's active one, for the rest of this request and the next ones. The
	caller has checked that it is one of `all_customers_for(user)`. Nothing is written when it is
	already the remembered choice."""
	user = user or frappe.session.user
	if frappe.defaults.get_defaults_for(user).get(ACTIVE_CUSTOMER) != customer:
		frappe.defaults.set_user_default(ACTIVE_CUSTOMER, customer, user)
		# Frappe drops the cached defaults before the commit; a parallel request of the same user could
		# cache the old choice again in between: drop it once more after the commit.
		frappe.db.after_commit.add(lambda: frappe.cache.hdel("defaults", user))
	forget(user)


def _entry(user: str) -> list:
	"""[every customer, the active customer's view (None until asked)], cached for the request."""
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
		cache[user] = [Customers(tuple(grants), grants, frozenset(administered)), None]
	return cache[user]


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
	"""The customer a new record is filed under: for the session user the active one (when it grants
	`section`, if one is named); for anyone else the first one that does."""
	customers = customers_for(user, section)
	return customers[0] if customers else None
