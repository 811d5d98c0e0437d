"""Portal Access Requests: a guest registers, staff review, link (or create) a Customer, or reject.

Registration never links anybody to a customer by itself: a matching tax id only pre-fills the
suggestion for the reviewer. Approval is the one place where a user is added to
`Customer.portal_users`.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from ralom_portal.access.links import link_user
from ralom_portal.registration import mail, validation
from ralom_portal.utils.evidence import request_ip

DOCTYPE = "Portal Access Request"
STAFF_ROLES = ("Sales Manager", "System Manager")
# Free mail providers say nothing about the company; they are not used to suggest matches.
FREE_MAIL = frozenset(
	{
		"gmail.com",
		"googlemail.com",
		"yahoo.com",
		"yahoo.ro",
		"hotmail.com",
		"outlook.com",
		"live.com",
		"icloud.com",
		"mail.com",
		"proton.me",
		"protonmail.com",
		"gmx.com",
		"gmx.net",
	}
)


# Who decides ---------------------------------------------------------------------------------


def approver_roles() -> set[str]:
	roles = set(STAFF_ROLES)
	extra = frappe.db.get_single_value("Client Portal Settings", "registration_approver_role")
	if extra:
		roles.add(extra)
	return roles


def is_approver(user: str | None = None) -> bool:
	from ralom_portal.access.customers import is_desk_user

	user = user or frappe.session.user
	return is_desk_user(user) and bool(approver_roles() & set(frappe.get_roles(user)))


def check_approver() -> None:
	if not is_approver():
		frappe.throw(_("Not permitted"), frappe.PermissionError)


# Registration --------------------------------------------------------------------------------


def clean(data: dict) -> dict:
	"""Validate and normalise a registration form; raises (translated) before anything is written."""
	values = {
		"full_name": validation.text(data.get("full_name"), "full_name"),
		"email": validation.email(data.get("email")),
		"company_name": validation.text(data.get("company_name"), "company_name"),
		"phone": validation.phone(data.get("phone")),
		"language": validation.language(data.get("language")),
	}
	values["country"] = validation.country(data.get("country"))
	values["tax_id"] = validation.tax_id(data.get("tax_id"), values["country"])
	validation.consent(data.get("consent"))
	return values


def register(data: dict, *, notify: bool = True) -> str | None:
	"""Create the Website User and the Pending request. Returns the request name, or None when the
	e-mail already has an account (its owner is told by e-mail; the caller answers the same)."""
	values = clean(data)
	existing = frappe.db.get_value("User", {"name": values["email"]}, ["name", "language"], as_dict=True) or (
		frappe.db.get_value("User", {"email": values["email"]}, ["name", "language"], as_dict=True)
	)
	if existing:
		if notify:
			mail.already_registered(existing.name, existing.language)
		return None
	# Frappe refuses to create more users per hour than this ("Throttled"); say it in our words.
	if frappe.db.get_creation_count("User", 60) >= int(frappe.local.conf.get("throttle_user_limit", 60)):
		frappe.throw(
			_("Registration is temporarily unavailable. Please try again later."),
			frappe.RateLimitExceededError,
		)

	first_name, _sep, last_name = values["full_name"].partition(" ")
	with mail.in_language(values["language"]):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": values["email"],
				"first_name": first_name,
				"last_name": last_name,
				"user_type": "Website User",
				"language": values["language"],
				# The phone stays on the request: a Contact with a phone number makes ERPNext commit
				# mid-request (Call Log linking), which would break the all-or-nothing registration.
				"enabled": 1,
				# No password yet: the e-mail carries Frappe's own one-time reset-password link.
				"send_welcome_email": 0,
				# Where Frappe's update-password step sends the user once the password is set.
				"redirect_url": "/portal",
			}
		)
		user.flags.ignore_permissions = True
		user.flags.no_welcome_mail = True
		user.insert()

	request = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"status": "Pending",
			"user": user.name,
			"consent_given_on": now_datetime(),
			"ip_address": request_ip(),
			"matched_customer": customer_by_tax_id(values["tax_id"]),
			**values,
		}
	)
	request.insert(ignore_permissions=True)
	if notify:
		# Frappe's key mechanism (only a hash is stored; /update-password consumes it and signs in).
		link = user.reset_password()
		mail.request_received(user.name, values["language"], link)
	return request.name


# Matching ------------------------------------------------------------------------------------


def customer_by_tax_id(tax_id: str | None) -> str | None:
	variants = validation.tax_id_variants(tax_id)
	if not variants:
		return None
	rows = frappe.db.sql(
		"""select name from `tabCustomer`
		where replace(upper(ifnull(tax_id, '')), ' ', '') in %(v)s
		order by disabled asc, creation asc limit 1""",
		{"v": variants},
	)
	return rows[0][0] if rows else None


_COMPANY_WORDS = {
	"srl",
	"s.r.l.",
	"sa",
	"s.a.",
	"srl-d",
	"pfa",
	"ii",
	"if",
	"sc",
	"s.c.",
	"ltd",
	"gmbh",
	"llc",
	"inc",
	"co",
	"company",
	"si",
	"și",
	"and",
	"&",
}


def matches(name: str) -> list[dict]:
	"""Customers that likely are the registrant's company: same tax id, similar name, same e-mail domain."""
	request = frappe.get_doc(DOCTYPE, name)
	found: dict[str, set[str]] = {}

	def add(customer, reason):
		found.setdefault(customer, set()).add(reason)

	variants = validation.tax_id_variants(request.tax_id)
	if variants:
		for (c,) in frappe.db.sql(
			"select name from `tabCustomer` where replace(upper(ifnull(tax_id, '')), ' ', '') in %(v)s",
			{"v": variants},
		):
			add(c, "tax_id")

	words = [
		w
		for w in frappe.utils.cstr(request.company_name).lower().replace(",", " ").split()
		if w not in _COMPANY_WORDS and len(w) > 2
	]
	for word in words[:3]:
		for c in frappe.get_all(
			"Customer", filters={"customer_name": ("like", f"%{word}%")}, pluck="name", limit=10
		):
			add(c, "name")

	domain = (request.email or "").rpartition("@")[2]
	if domain and domain not in FREE_MAIL:
		pattern = f"%@{domain}"
		for (c,) in frappe.db.sql(
			"""select distinct dl.link_name from `tabContact Email` ce
			join `tabDynamic Link` dl on dl.parent = ce.parent and dl.parenttype = 'Contact' and dl.link_doctype = 'Customer'
			where ce.email_id like %(p)s
			union
			select distinct parent from `tabPortal User` where parenttype = 'Customer' and user like %(p)s""",
			{"p": pattern},
		):
			add(c, "email_domain")

	labels = {"tax_id": _("Same tax ID"), "name": _("Similar name"), "email_domain": _("Same e-mail domain")}
	out = []
	for customer, reasons in found.items():
		row = frappe.db.get_value(
			"Customer", customer, ["name", "customer_name", "tax_id", "disabled"], as_dict=True
		)
		if row:
			row["reasons"] = sorted(reasons)
			row["reason_labels"] = [labels[r] for r in row["reasons"]]
			out.append(row)
	# Strongest evidence first: tax id, then the number of reasons.
	out.sort(key=lambda r: ("tax_id" not in r["reasons"], -len(r["reasons"]), r["customer_name"]))
	return out


# Decisions -----------------------------------------------------------------------------------


def _pending(name: str):
	request = frappe.get_doc(DOCTYPE, name, for_update=True)
	if request.status != "Pending":
		frappe.throw(_("This request was already decided ({0}).").format(_(request.status)))
	return request


def approve(name: str, customer: str | None = None) -> str:
	"""Link the registrant to `customer` (staff chose "Link to existing"), or to a new customer.

	Registration never links to an existing customer by itself: tax IDs are public, so a match is
	shown to staff as a match, linking to it is their explicit choice (and the customer's current
	portal users are told), and "Create new customer" with a matching tax ID is refused.
	"""
	request = _pending(name)
	user = request.user or request.email
	if not frappe.db.exists("User", user):
		frappe.throw(_("The user {0} no longer exists.").format(user))
	if frappe.db.get_value("User", user, "user_type") != "Website User":
		frappe.throw(_("{0} is a staff account and cannot be linked to a client.").format(user))
	if customer:
		if not frappe.db.exists("Customer", customer):
			frappe.throw(_("Customer {0} does not exist.").format(customer))
		existing_users = _portal_users(customer)
	else:
		match = customer_by_tax_id(request.tax_id)
		if match:
			frappe.throw(
				_(
					"Customer {0} already has the tax ID {1}. Anyone can type a company's tax ID, so this is not proof that the registrant acts for it: check with the customer, then use Link to existing customer, or reject the request."
				).format(match, request.tax_id),
				title=_("Tax ID already in use"),
			)
		customer = create_customer(request)
		existing_users = []
	link_user(customer, user, request.full_name)
	request.status = "Approved"
	request.customer = customer
	request.decided_by = frappe.session.user
	request.decided_on = now_datetime()
	request.save(ignore_permissions=True)
	company = frappe.db.get_value("Customer", customer, "customer_name")
	mail.approved(user, request.language, company)
	for other, language in existing_users:
		if other != user:
			mail.access_granted(other, language, company, request.full_name or user, user)
	return customer


def _portal_users(customer: str) -> list[tuple[str, str | None]]:
	"""The customer's enabled portal users and their languages (told when someone joins them)."""
	return frappe.db.sql(
		"""select u.name, u.language from `tabPortal User` pu join `tabUser` u on u.name = pu.user
		where pu.parenttype = 'Customer' and pu.parentfield = 'portal_users' and pu.parent = %s
			and u.enabled = 1""",
		customer,
	)


def reject(name: str, reason: str, *, notify: bool = True) -> None:
	reason = validation.text(reason, "rejection_reason") if reason else ""
	if not reason:
		frappe.throw(_("Give a reason for the rejection."))
	request = _pending(name)
	request.status = "Rejected"
	request.rejection_reason = reason
	request.decided_by = frappe.session.user
	request.decided_on = now_datetime()
	request.save(ignore_permissions=True)
	if notify:
		mail.rejected(request.user or request.email, request.language, reason)


def create_customer(request) -> str:
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": request.company_name,
			"customer_type": "Company",
			"tax_id": request.tax_id,
			"language": request.language if frappe.db.exists("Language", request.language) else None,
			"customer_group": frappe.db.get_single_value("Selling Settings", "customer_group")
			or _leaf("Customer Group"),
			"territory": frappe.db.get_single_value("Selling Settings", "territory") or _leaf("Territory"),
		}
	)
	customer.insert(ignore_permissions=True)
	return customer.name


def _leaf(doctype: str) -> str | None:
	return frappe.db.get_value(doctype, {"is_group": 0}, "name", order_by="lft asc") or frappe.db.get_value(
		doctype, {}, "name", order_by="lft asc"
	)
