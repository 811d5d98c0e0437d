"""Who a portal user acts for.

This is the one place that answers "which customers does this user act for". The answer comes
from ERPNext's own `Customer.portal_users` table (the v15 mechanism), for enabled users and
enabled customers only. It is cached for the current request only, so unlinking a contact or
disabling a user takes effect on an already-open session at its next request.
"""

import frappe

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


def customers_for(user: str | None = None) -> tuple[str, ...]:
	"""Names of the enabled customers whose `portal_users` list this (enabled) user."""
	user = user or frappe.session.user
	if user == "Guest":
		return ()
	cache = getattr(frappe.local, "ralom_customers_for", None)
	if cache is None:
		cache = frappe.local.ralom_customers_for = {}
	if user not in cache:
		cache[user] = tuple(
			r[0]
			for r in frappe.db.sql(
				"""
				select distinct pu.parent
				from `tabPortal User` pu
				join `tabCustomer` c on c.name = pu.parent
				join `tabUser` u on u.name = pu.user
				where pu.parenttype = 'Customer' and pu.parentfield = 'portal_users'
					and pu.user = %s and c.disabled = 0 and u.enabled = 1
				order by pu.parent
				""",
				user,
			)
		)
	return cache[user]


def forget(user: str | None = None) -> None:
	"""Drop the per-request cache (used after the link changes inside one request or test)."""
	cache = getattr(frappe.local, "ralom_customers_for", None)
	if cache is not None:
		if user:
			cache.pop(user, None)
		else:
			cache.clear()


def primary_customer(user: str | None = None) -> str | None:
	"""The customer a new record is filed under; the first one when a user acts for several."""
	customers = customers_for(user)
	return customers[0] if customers else None
