"""Quotations decided in the portal before the Quotation got its decision fields (ralom_portal_decision,
_decided_by, _decided_at) show the decision from its evidence, Portal Offer Decision.

Idempotent: only quotations whose decision field is still empty are written, so a second run finds
nothing to do. Runs after the model sync but before after_migrate, so it adds the custom fields
first when the site does not have them yet (setup/custom_fields.sync is itself idempotent).
"""

import frappe

from ralom_portal.setup import custom_fields


def execute():
	if not frappe.db.has_column("Quotation", "ralom_portal_decision"):
		custom_fields.sync()
	# The latest decision per quotation (a quotation is decided once; the max guards against
	# duplicates left by an older version).
	frappe.db.sql(
		"""update `tabQuotation` q
		join (
			select d.quotation, d.decision, d.user, d.decided_at
			from `tabPortal Offer Decision` d
			join (
				select quotation, max(decided_at) as decided_at from `tabPortal Offer Decision`
				group by quotation
			) last on last.quotation = d.quotation and last.decided_at = d.decided_at
		) d on d.quotation = q.name
		set q.ralom_portal_decision = d.decision, q.ralom_portal_decided_by = d.user,
			q.ralom_portal_decided_at = d.decided_at
		where ifnull(q.ralom_portal_decision, '') = ''"""
	)
