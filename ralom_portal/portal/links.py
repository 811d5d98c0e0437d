"""Links from one portal page to a record of another section, for the person looking (issue 27).

A page of one section names records of others: an invoice its offer, an offer its quote request, a
contract or a ticket the record it is about, every record page its "Ask about this" ticket. A member
whose membership hides that other section would follow the link to the portal's one refusal; so the
link is only drawn when the section is granted, and the record's name is shown as plain text
otherwise. The routes come from the section registry, never written out in a template.
"""

from __future__ import annotations

from urllib.parse import quote

import frappe
from markupsafe import Markup, escape

from ralom_portal import sections
from ralom_portal.access.customers import customers_for, within


def portal_sees(section: str) -> bool:
	"""Jinja: whether the current user sees `section` for at least one customer they act for."""
	return bool(customers_for(frappe.session.user, section))


def visible_route(doctype: str, name: str | None, customers, row=None) -> str | None:
	"""The record's portal page (`sections.record_route`), or None when no page shows it or none of
	`customers` (the page's, as `customers_for` answers them) grants its section."""
	section = sections.of_doctype(doctype)
	if not section or not within(customers, section["key"]):
		return None
	return sections.record_route(doctype, name, row)


def portal_link(doctype: str, name: str | None, label: str | None = None) -> Markup:
	"""Jinja: `<a href="route">label</a>` to the record's page when the current user may open its
	section, else the label as text; both escaped."""
	text = escape(label if label is not None else (name or ""))
	route = visible_route(doctype, name, customers_for(frappe.session.user)) if name else None
	if not route:
		return Markup(text)
	return Markup('<a href="{0}">{1}</a>').format(quote(route), text)
