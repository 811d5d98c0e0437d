"""Client Portal Activity: per customer with portal users, how many users it has, when one of them
last signed in, and what is open in the portal (quote requests, offers awaiting the client's
decision, tickets). One query, whatever the number of customers; filters are query parameters."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import nowdate

from ralom_portal.ralom_portal.doctype.portal_offer_decision.offer_content import DECIDABLE_ERP_STATUSES
from ralom_portal.ralom_portal.report import columns as columns_
from ralom_portal.ralom_portal.report import filters as f
from ralom_portal.ralom_portal.report.columns import column

# Quote requests staff still have to answer, and tickets not yet resolved or closed.
OPEN_QUOTE_REQUEST_STATUSES = ("Submitted", "In Review")
CLOSED_TICKET_STATUSES = ("Resolved", "Closed")
# An offer awaits the client's decision while ERPNext still lets it be decided (the portal's own
# statuses, DECIDABLE_ERP_STATUSES), it is valid and nobody decided it in the portal: the same
# definition as the number card "Offers Awaiting Client Decision".


def execute(filters=None):
	filters = f.clean(filters)
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		columns_.customer(200),
		columns_.customer_name(200),
		column("users", _("Portal Users"), "Int", 110),
		column("enabled_users", _("Enabled Users"), "Int", 110),
		column("last_login", _("Last Login"), "Datetime", 160),
		column("open_quote_requests", _("Open Quote Requests"), "Int", 140),
		column("open_offers", _("Offers Awaiting Decision"), "Int", 160),
		column("open_tickets", _("Open Tickets"), "Int", 110),
	]


def rows(filters: frappe._dict) -> list[dict]:
	params = {
		"company": f.company(filters),
		"customer": f.customer(filters),
		"today": nowdate(),
		"open_requests": OPEN_QUOTE_REQUEST_STATUSES,
		"closed_tickets": CLOSED_TICKET_STATUSES,
		"decidable": DECIDABLE_ERP_STATUSES,
	}
	offer_company = "and q.company = %(company)s" if params["company"] else ""
	only_customer = "and c.name = %(customer)s" if params["customer"] else ""
	return frappe.db.sql(
		f"""select c.name as customer, c.customer_name, pu.users, pu.enabled_users, pu.last_login,
				coalesce(qr.n, 0) as open_quote_requests, coalesce(o.n, 0) as open_offers,
				coalesce(t.n, 0) as open_tickets
			from `tabCustomer` c
			join (
				select p.parent as customer, count(distinct p.user) as users,
					count(distinct case when u.enabled = 1 then p.user end) as enabled_users,
					max(u.last_login) as last_login
				from `tabPortal User` p
				left join `tabUser` u on u.name = p.user
				where p.parenttype = 'Customer' and p.parentfield = 'portal_users'
				group by p.parent
			) pu on pu.customer = c.name
			left join (
				select customer, count(*) as n from `tabQuote Request`
				where status in %(open_requests)s group by customer
			) qr on qr.customer = c.name
			left join (
				select q.party_name as customer, count(*) as n from `tabQuotation` q
				where q.quotation_to = 'Customer' and q.docstatus = 1 and q.status in %(decidable)s
					and ifnull(q.ralom_portal_decision, '') = ''
					and (q.valid_till is null or q.valid_till >= %(today)s) {offer_company}
				group by q.party_name
			) o on o.customer = c.name
			left join (
				select customer, count(*) as n from `tabSupport Ticket`
				where status not in %(closed_tickets)s group by customer
			) t on t.customer = c.name
			where 1 = 1 {only_customer}
			order by pu.last_login is null, pu.last_login desc, c.name""",
		params,
		as_dict=True,
	)
