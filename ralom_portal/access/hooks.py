"""Frappe permission hooks for the portal doctypes (`access.doctypes`), one generic function each.

They only ever narrow access, and only for portal users (website users and guests): for desk
users the query hook returns "" and the document hook returns None (no opinion), so staff keep
exactly the access their roles give them. `has_website_permission` hooks are AND-ed by Frappe
with ERPNext's own, so for staff they answer True and leave the decision to the others.

Portal clients never write through generic endpoints; our API writes on their behalf, so the
document hooks answer the same for every `ptype`.
"""

from ralom_portal.access import rules
from ralom_portal.access.customers import is_desk_user


def query_conditions(user=None, doctype=None) -> str:
	if is_desk_user(user):
		return ""
	return rules.condition(doctype, user)


def has_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	if is_desk_user(user):
		return None
	return rules.can_see(doc.doctype, doc.name, user)


def has_website_permission(doc, ptype=None, user=None, verbose=False) -> bool:
	if is_desk_user(user):
		return True
	return rules.can_see(doc.doctype, doc.name, user)
