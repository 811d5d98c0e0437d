"""The thin, shared front half of every portal page's `get_context`.

Guest check, then who the user acts for, then the shell's context. Pages then fetch their data
through a query module with the customers returned here.
"""

from urllib.parse import quote, urlencode

import frappe
from frappe import _

from ralom_portal import sections
from ralom_portal.access import rules
from ralom_portal.access.customers import all_customers_for, customers_for, granted_sections, is_desk_user
from ralom_portal.portal.sections import sidebar


class NoAccess(Exception):
	"""The user is signed in but acts for no customer (or is staff): render the explanation."""


def prepare(context, section: str, *, title: str) -> tuple[str, ...]:
	"""Set up the shell; returns the user's customers whose membership grants `section` (a key of the
	section registry; any other key, e.g. `notifications`, means every customer the user acts for).
	Raises frappe.Redirect for guests.

	A user who acts for customers but may not see `section` gets the page's one answer for a record
	that is not theirs (`not_found`), and () back: a hidden section and another client's record
	look the same. The shell (sidebar, companies, bell) is built from the user alone, never from the
	section or the record, so that answer is the same page byte for byte."""
	context.no_cache = 1
	context.show_sidebar = False
	context.full_width = True
	context.title = title
	context.portal_section = section
	user = frappe.session.user
	context.portal_sidebar = sidebar(section, None if is_desk_user(user) else granted_sections(user))
	path = frappe.local.request.path if getattr(frappe.local, "request", None) else "/portal"
	if user == "Guest":
		# Only a local path is ever put in redirect-to (never a host), so it cannot redirect off-site.
		frappe.local.flags.redirect_location = "/login?redirect-to=" + quote(
			path if path.startswith("/") else "/portal"
		)
		raise frappe.Redirect
	# Website sessions carry no CSRF token in stock Frappe; issuing one here makes Frappe enforce it
	# on every POST of this session (the token is rendered into the page for our scripts).
	from frappe.sessions import get_csrf_token

	context.csrf_token = get_csrf_token()
	context.portal_user_name = frappe.utils.get_fullname(user)
	context.portal_language = frappe.local.lang
	acts_for = () if is_desk_user(user) else customers_for(user)
	context.portal_customers = [_customer_name(c) for c in acts_for]
	if acts_for:
		_switcher(context, user, acts_for[0], path)
		from ralom_portal.portal.queries.notifications import unread_count

		context.portal_bell = {"unread": unread_count(acts_for, user)}
		# A client administrator manages colleagues on /portal/team (read with the same cached rows).
		context.portal_administers = bool(acts_for.administered)
		customers = customers_for(user, section)
		if not customers:
			not_found(context)
		return customers
	context.portal_no_access = True
	context.http_status_code = 403
	context.portal_no_access_reason = (
		_("You are signed in as staff. The client portal shows data to clients only.")
		if is_desk_user(user)
		else _(
			"Your account is not linked to a client company yet. Once our team links it, your offers, projects and invoices will appear here."
		)
	)
	if not is_desk_user(user):
		# A registrant waiting for review (or turned down) is told where their request stands.
		from ralom_portal.registration.status import no_access_message

		context.portal_no_access_reason = no_access_message(user) or context.portal_no_access_reason
	return ()


def _customer_name(customer: str) -> str:
	return frappe.get_cached_value("Customer", customer, "customer_name") or customer


def _switcher(context, user: str, active: str, path: str) -> None:
	"""The header's company picker, for a person who acts for several customers (the same cached
	rows as `customers_for`, no query). After a switch the page reloads at `after`: the page itself,
	or the section's list for a record page (`record_page`), whose record belongs to the other one."""
	every = all_customers_for(user)
	if len(every) < 2:
		return
	context.portal_switcher = frappe._dict(
		active=active,
		choices=[frappe._dict(name=c, title=_customer_name(c)) for c in every],
		after=context.get("portal_switch_after") or (path if path.startswith("/portal") else "/portal"),
	)


def status_filter(context, statuses) -> str | None:
	"""The `?status=` of a list page when it is one of `statuses`; anything else is ignored."""
	status = frappe.form_dict.get("status")
	context.status_filter = status if status in statuses else ""
	context.statuses = statuses
	return context.status_filter or None


def route_name() -> str | None:
	"""The record name from a `/portal/<section>/<name>` route, or None when it is not a usable string."""
	name = frappe.form_dict.get("name")
	return name if isinstance(name, str) and name else None


def not_found(context) -> None:
	"""One answer for "not yours", "draft" and "does not exist": a 403 that reveals nothing."""
	context.portal_denied = True
	context.http_status_code = 403


def record_page(context, section: str, load, title: str, heading: str | None = None, key: str | None = None):
	"""The front half of a detail page (`/portal/<section>/<name>`): the shell, then the record that
	`load(customers, name)` returns for the route's name, or None after setting the one answer for
	foreign, draft and missing (`not_found`), or the switch offer (`offer_switch`). With a record,
	`heading` (a translated "… {0}") becomes the page title with the record's name, and `key` names
	the record in the template's context."""
	context.portal_switch_after = sections.BY_KEY[section]["route"]
	customers = prepare(context, section, title=title)
	name = route_name()
	if not customers:
		offer_switch(context, section, name)
		return None
	record = load(customers, name) if name else None
	if not record:
		not_found(context)
		offer_switch(context, section, name)
		return None
	if heading:
		context.title = heading.format(record.name)
	if key:
		context[key] = record
	return record


def offer_switch(context, section: str, name: str | None) -> None:
	"""On a refused record page (`not_found` set): when the record is one of the user's *other*
	customers' (not the active one) and that customer's membership grants `section`, the page says
	which company it belongs to and offers the switch (templates/portal/layout.html); the status stays
	403, since the page does not show the record. Anything else keeps the one answer, byte for byte.

	The record is looked up with the section's own rule (`access.rules`, of the doctype whose page
	this is), one company at a time: one query per other company, only on a refused page of a person
	with several (none for everyone else)."""
	if not name or not context.get("portal_denied") or is_desk_user():
		return
	user = frappe.session.user
	active = customers_for(user)
	others = [c for c in all_customers_for(user, section) if c not in active]
	doctype = _opened_doctype(section) if others else None
	if not doctype:
		return
	for customer in others:
		if frappe.db.sql(
			f"select 1 from `tab{doctype}` where `tab{doctype}`.name = %s"
			f" and ({rules.RULES[doctype]((customer,))}) limit 1",
			name,
		):
			context.portal_switch_offer = frappe._dict(
				customer=customer, customer_name=_customer_name(customer), record=name
			)
			return


def _opened_doctype(section: str) -> str | None:
	"""The doctype whose record a section's detail page shows (`opens` by name in the registry)."""
	entry = sections.BY_KEY.get(section)
	return next((dt for dt, d in (entry or {}).get("doctypes", {}).items() if d.get("opens") == "name"), None)


def pager(page: int, pages: int, **params) -> dict:
	"""Previous/next links for the shared pager macro; `params` are kept in the links (e.g. status)."""

	def url(n: int) -> str:
		query = {k: v for k, v in params.items() if v} | {"page": n}
		return "?" + urlencode(query)

	return {
		"page": page,
		"pages": pages,
		"prev_url": url(page - 1) if page > 1 else None,
		"next_url": url(page + 1) if page < pages else None,
	}


PAGE_SIZE = 50


def page_number() -> int:
	"""The `?page=` of a list page, clamped to 1..10000 (anything unreadable is page 1)."""
	return max(1, min(frappe.utils.cint(frappe.form_dict.get("page")) or 1, 10_000))


def paginate(context, rows: list, page: int, page_size: int = PAGE_SIZE, **params) -> list:
	"""Set `context.pager` from rows that carry the window-function `total`; returns the rows."""
	total = int(rows[0].total) if rows else 0
	context.pager = pager(page, max(1, -(-total // page_size)), **params)
	context.total_rows = total
	return rows
