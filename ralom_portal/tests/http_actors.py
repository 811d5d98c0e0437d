"""The people the isolation suites send to the served site, and their passwords.

The demo clients come with `demo_data`; the staff user and the website user linked to no customer
are committed here (idempotent: reused across runs). A module's `actors` fixture logs in the
actors it needs, each with its own session that has opened the portal (so it holds a CSRF token).
"""

from __future__ import annotations

from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.tests import factories

STAFF_EMAIL = "isolation.sales@ralom.ro"
UNLINKED_EMAIL = "isolation.unlinked@example.ro"
# The company switcher's actor (issue 27): a person in two customers, active on A.
TWO_COMPANIES_EMAIL = "isolation.two-companies@example.ro"
PASSWORD = "Isolation#Test2026"

# Portal users and guests; the matrices expect every one of them to be refused alike.
NON_STAFF = ("client_a", "client_a_second_contact", "client_b", "unlinked_website_user", "guest")


def commit_users() -> None:
	"""The staff (Sales User) and the unlinked website user, with their password, committed."""
	factories.committed_staff_user(STAFF_EMAIL, PASSWORD)
	builders.make_portal_user(UNLINKED_EMAIL, None, first_name="Fără", last_name="Firmă", password=PASSWORD)


def credentials(actor: str) -> tuple[str, str] | tuple[()]:
	"""(user, password) of `actor`; nothing for the guest."""
	a_users, b_users = CLIENTS[0]["users"], CLIENTS[1]["users"]
	return {
		"client_a": (a_users[0]["email"], DEMO_PASSWORD),
		"client_a_second_contact": (a_users[1]["email"], DEMO_PASSWORD),
		"client_b": (b_users[0]["email"], DEMO_PASSWORD),
		"unlinked_website_user": (UNLINKED_EMAIL, PASSWORD),
		"guest": (),
		"staff_sales_user": (STAFF_EMAIL, PASSWORD),
		"two_companies": (TWO_COMPANIES_EMAIL, PASSWORD),
	}[actor]


# The sections the two-companies actor is granted in client C: every one but the invoices, so a link
# to C's invoice gets the one 404 (no switch offer) and a link to C's other records the offer.
TWO_COMPANIES_C_SECTIONS = (
	"quote_requests",
	"projects",
	"contracts",
	"offers",
	"tickets",
	"shipments",
	"files",
)


def link_two_companies() -> tuple[str, str]:
	"""The person in two customers, committed: the administrator of client A and a member of client C
	(`TWO_COMPANIES_C_SECTIONS`), active on A. Linked only while a module needs them
	(`unlink_two_companies` after it), so the demo clients' teams and e-mail recipients stay as they
	are for everyone else. Returns (A, C)."""
	import frappe

	from ralom_portal.access.customers import ACTIVE_CUSTOMER, ADMINISTRATOR

	a, c = CLIENTS[0]["name"], CLIENTS[2]["name"]
	builders.make_portal_user(TWO_COMPANIES_EMAIL, a, first_name="Două", last_name="Firme", password=PASSWORD)
	builders.link_portal_user(c, TWO_COMPANIES_EMAIL)
	factories.set_membership(a, TWO_COMPANIES_EMAIL, None, ADMINISTRATOR)
	factories.set_membership(c, TWO_COMPANIES_EMAIL, TWO_COMPANIES_C_SECTIONS)
	frappe.defaults.set_user_default(ACTIVE_CUSTOMER, a, TWO_COMPANIES_EMAIL)
	frappe.db.commit()
	return a, c


def unlink_two_companies() -> None:
	import frappe

	frappe.db.rollback()
	frappe.set_user("Administrator")
	for client in (CLIENTS[0], CLIENTS[2]):
		builders.unlink_portal_user(client["name"], TWO_COMPANIES_EMAIL)
	frappe.db.commit()


def log_in(server, actors) -> dict:
	"""{actor: a logged-in client of `server` that has opened the portal}."""
	clients = {actor: server.client(*credentials(actor)) for actor in actors}
	for c in clients.values():
		c.open_portal()
	return clients
