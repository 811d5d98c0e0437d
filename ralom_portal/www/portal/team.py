"""/portal/team: a client administrator's colleagues, their role and sections, and the team's log.

Not a section of the registry (it shows no client records): every customer the user acts for opens
the shell, then only those the user administers are shown. Anyone else (a member) gets the page's
one answer for a record that is not theirs."""

import frappe
from frappe import _

from ralom_portal import sections
from ralom_portal.access import memberships
from ralom_portal.portal.page import not_found, prepare
from ralom_portal.registration import team_invitations
from ralom_portal.utils.formats import short_datetime

no_cache = 1


def get_context(context):
	if not prepare(context, "team", title=_("Team")):
		return
	administered = memberships.administered(frappe.session.user)
	if not administered:
		not_found(context)
		return
	titles = {s["key"]: _(s["title"], context="Portal section") for s in sections.SECTIONS}
	context.section_choices = [(k, titles[k]) for k in memberships.choosable_sections()]
	context.roles = [(r, _(r)) for r in memberships.ROLES]
	context.teams = [
		frappe._dict(
			customer=customer,
			customer_name=frappe.get_cached_value("Customer", customer, "customer_name") or customer,
			people=memberships.colleagues(customer),
			log=memberships.log(customer),
			invitations=team_invitations.open_invitations(customer),
		)
		for customer in administered
	]
	context.short_datetime = short_datetime
	context.needs_approval = team_invitations.needs_approval()
