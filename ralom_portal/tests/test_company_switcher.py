"""The company switcher in process (issue 27): a person who acts for several customers works for one
at a time. `customers_for` answers only the active customer for the session user, so every rule,
page and API follows it; the choice is a user default; e-mails are addressed on the full membership.

Served pages, the switch over HTTP and the isolation actor "a person in two customers, active on A":
`test_company_switcher_http.py`; the header in Chromium: `test_company_switcher_browser.py`.
"""

import re

import frappe
import pytest

from ralom_portal.access import refuse, rules
from ralom_portal.access.customers import (
	ACTIVE_CUSTOMER,
	active_customer,
	all_customers_for,
	customers_for,
	forget,
	primary_customer,
	remember_active_customer,
)
from ralom_portal.api import session as session_api
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs

DENIED = "This record does not exist or you do not have access to it."


@pytest.fixture
def world_names(request):
	world = module_world(request, _build)
	yield world
	# The choice is cached in Redis outside the transaction: a test's rolled-back choice must not
	# outlive it.
	for user in (world["two"], world["also_two"]):
		frappe.cache.hdel("defaults", user)


@pytest.fixture
def world(world_names):
	return fresh(world_names)


def _build():
	from ralom_portal.access.links import link_user
	from ralom_portal.tests import factories

	# Named so that A sorts first: with no choice made, the first company is the active one.
	a = factories.customer(factories.unique("Switch A"))
	c = factories.customer(factories.unique("Switch C"))
	b = factories.customer(factories.unique("Switch B foreign"))
	two = factories.portal_user(a.name)
	link_user(c.name, two.name)
	also_two = factories.portal_user(a.name)
	link_user(c.name, also_two.name)
	one = factories.portal_user(a.name)
	return refs(
		a=a,
		b=b,
		c=c,
		two=two.name,
		also_two=also_two.name,
		one=one.name,
		offer_a=factories.quotation(a.name),
		offer_b=factories.quotation(b.name),
		offer_c=factories.quotation(c.name),
		file_c=factories.file("Customer", c.name, shared=True),
	)


def _page(path: str, user: str) -> str:
	"""The page as Frappe's website handler renders it for `user`, in Romanian (in-process)."""
	from frappe.utils import get_html_for_route

	as_user(user)
	had_request = hasattr(frappe.local, "request")
	previous = frappe.local.lang
	frappe.local.lang = "ro"
	frappe.local.form_dict = frappe._dict()
	try:
		return get_html_for_route(path)
	finally:
		frappe.local.lang = previous
		frappe.local.form_dict = frappe._dict()
		if not had_request:
			del frappe.local.request


def _one_answer(html: str) -> str:
	"""The page without its CSRF token, which each in-process rendering issues anew."""
	return re.sub(r'csrf_token = "[0-9a-f]+"', 'csrf_token = ""', html)


def _choose(user: str, customer: str) -> None:
	with as_user(user):
		remember_active_customer(customer)
	forget()


def test_a_person_in_two_companies_works_for_the_first_until_they_choose(world):
	both = (world.a.name, world.c.name)
	as_user(world.two)
	assert customers_for() == (world.a.name,)
	assert customers_for(world.two, "offers") == (world.a.name,)
	assert all_customers_for() == both
	assert active_customer() == world.a.name
	assert primary_customer(section="offers") == world.a.name
	# Asked about someone else (staff, a scheduled job addressing an e-mail): every company.
	as_user("Administrator")
	assert customers_for(world.two) == both


def test_the_choice_is_remembered_per_user(world):
	_choose(world.two, world.c.name)
	assert frappe.defaults.get_defaults_for(world.two).get(ACTIVE_CUSTOMER) == world.c.name
	as_user(world.two)
	assert customers_for() == (world.c.name,)
	assert refuse.require_client(section="offers") == world.c.name
	# A colleague in the same two companies keeps their own choice (none: the first).
	as_user(world.also_two)
	assert customers_for() == (world.a.name,)


def test_a_choice_that_is_no_longer_theirs_falls_back_to_the_first_company(world):
	from ralom_portal.demo import builders

	_choose(world.two, world.c.name)
	builders.unlink_portal_user(world.c.name, world.two)
	forget()
	as_user(world.two)
	assert customers_for() == (world.a.name,) and all_customers_for() == (world.a.name,)
	# Linked again: the remembered choice counts again.
	from ralom_portal.access.links import link_user

	link_user(world.c.name, world.two)
	forget()
	assert customers_for() == (world.c.name,)


def test_the_access_answer_stays_one_query_per_request_and_the_choice_costs_none(world):
	as_user(world.two)
	customers_for()  # warm Frappe's cache of the user's defaults (Redis), as any earlier request did
	forget()

	def ask():
		for section in (None, "offers", "invoices", "files"):
			customers_for(section=section)
			all_customers_for(section=section)
		active_customer()

	assert count_queries(ask) == 1
	forget()
	as_user(world.one)
	assert count_queries(ask) == 1


def test_every_rule_follows_the_active_company(world):
	as_user(world.two)
	assert rules.can_see("Quotation", world.offer_a.name)
	assert not rules.can_see("Quotation", world.offer_c.name)
	assert not rules.can_see("File", world.file_c.name)
	assert frappe.has_website_permission(frappe.get_doc("Quotation", world.offer_a.name))
	assert not frappe.has_website_permission(frappe.get_doc("Quotation", world.offer_c.name))
	with pytest.raises(frappe.PermissionError):
		refuse.require_visible("Quotation", world.offer_c.name)
	_choose(world.two, world.c.name)
	as_user(world.two)
	assert rules.can_see("Quotation", world.offer_c.name) and rules.can_see("File", world.file_c.name)
	assert not rules.can_see("Quotation", world.offer_a.name)
	assert not rules.can_see("Quotation", world.offer_b.name)


def test_the_offers_list_shows_only_the_active_companys_offers(world):
	page = _page("/portal/offers", world.two)
	assert world.offer_a.name in page and world.offer_c.name not in page
	assert world.offer_b.name not in page
	_choose(world.two, world.c.name)
	page = _page("/portal/offers", world.two)
	assert world.offer_c.name in page and world.offer_a.name not in page


def test_the_header_picks_among_ones_own_companies_only(world):
	page = _page("/portal", world.two)
	picker = page[page.index('class="ralom-switcher') : page.index("</select>")]
	assert f'value="{world.a.name}" selected' in picker and f'value="{world.c.name}"' in picker
	assert world.b.name not in page
	assert "Companie" in picker  # the picker's label, in Romanian
	# Someone with one company gets no picker at all.
	assert "ralom-switcher" not in _page("/portal", world.one)


def test_a_record_of_ones_other_company_offers_the_switch(world):
	page = _page(f"/portal/offers/{world.offer_c.name}", world.two)
	assert "ralom-switch-offer" in page
	assert f'data-switch-customer="{world.c.name}"' in page
	assert f"{world.offer_c.name} aparține companiei {world.c.name}" in page
	assert f"Treceți la {world.c.name}" in page
	# Nothing of the record itself is shown before the switch.
	assert "ralom-denied" not in page and world.b.name not in page


def test_a_record_of_a_company_one_is_not_in_gets_the_one_answer(world):
	foreign = _page(f"/portal/offers/{world.offer_b.name}", world.two)
	missing = _page("/portal/offers/SAL-QTN-0000-99999", world.two)
	assert "ralom-denied" in foreign and "ralom-switch-offer" not in foreign
	assert _one_answer(foreign) == _one_answer(missing)
	assert world.b.name not in foreign


def test_a_section_the_other_company_does_not_grant_gets_the_one_answer(world):
	from ralom_portal.tests.factories import set_membership

	set_membership(world.c.name, world.two, ["projects"])
	hidden = _page(f"/portal/offers/{world.offer_c.name}", world.two)
	assert "ralom-switch-offer" not in hidden
	assert _one_answer(hidden) == _one_answer(_page(f"/portal/offers/{world.offer_b.name}", world.two))


def test_someone_with_one_company_sees_the_one_answer_unchanged(world):
	page = _page(f"/portal/offers/{world.offer_c.name}", world.one)
	assert "ralom-denied" in page and "ralom-switch-offer" not in page
	assert _one_answer(page) == _one_answer(_page("/portal/offers/SAL-QTN-0000-99999", world.one))


def _defaults_of(user: str) -> list:
	return frappe.get_all("DefaultValue", {"parent": user, "defkey": ACTIVE_CUSTOMER}, pluck="defvalue")


def test_switching_refuses_what_is_not_ones_own_company_like_a_foreign_record_and_writes_nothing(world):
	staff = frappe.get_all("User", {"user_type": "System User", "enabled": 1}, pluck="name", limit=1)[0]
	for user, customer in (
		(world.two, world.b.name),  # a company one is not in
		(world.two, None),  # nothing chosen
		(world.two, ""),
		(world.one, world.c.name),  # a colleague's other company
		(staff, world.a.name),  # staff act for no client
		("Guest", world.a.name),
	):
		with as_user(user):
			with pytest.raises(frappe.PermissionError) as refused:
				session_api.switch_customer(customer)
		assert DENIED in str(refused.value), (user, customer)
	assert _defaults_of(world.two) == [] and _defaults_of(world.one) == []
	as_user(world.two)
	assert customers_for() == (world.a.name,)


def test_switching_to_ones_other_company_takes_effect_at_once_and_is_remembered(world):
	as_user(world.two)
	assert session_api.switch_customer(world.c.name) == {"customer": world.c.name}
	assert customers_for() == (world.c.name,)
	assert _defaults_of(world.two) == [world.c.name]
	# Choosing it again writes nothing more; switching back replaces the choice.
	session_api.switch_customer(world.c.name)
	assert _defaults_of(world.two) == [world.c.name]
	session_api.switch_customer(world.a.name)
	assert _defaults_of(world.two) == [world.a.name]
	forget()
	assert customers_for() == (world.a.name,)


def _last_message_to(user: str) -> str:
	import quopri

	row = frappe.db.sql(
		"""select q.message from `tabEmail Queue` q join `tabEmail Queue Recipient` r on r.parent = q.name
		where r.recipient = %s order by q.creation desc limit 1""",
		user,
	)
	return quopri.decodestring(row[0][0]).decode("utf-8", "ignore") if row else ""


def test_e_mails_reach_a_person_about_a_company_they_are_not_working_on(world):
	"""E-mails are addressed while staff or a scheduled job are the session user: the recipient's
	full membership counts, whichever company they last chose."""
	from ralom_portal.ralom_portal.doctype.quote_request import notifications

	_choose(world.two, world.a.name)
	sent = []
	original = notifications.mail.queue
	notifications.mail.queue = lambda recipient, *args, **kw: sent.append(recipient)
	try:
		request = frappe._dict(requested_by=world.two, customer=world.c.name, name="QR-SWITCH")
		notifications.notify_client_of_offer(request, frappe._dict(name=world.offer_c.name))
	finally:
		notifications.mail.queue = original
	assert sent == [world.two]


def test_the_daily_digest_tells_of_every_company_of_the_person(world, factories):
	from ralom_portal.portal import preferences

	_choose(world.two, world.a.name)
	invoice_a = factories.sales_invoice(world.a.name)
	invoice_c = factories.sales_invoice(world.c.name)
	preferences.save(world.two, "Daily digest", ["invoice"])
	assert preferences.send_digest(world.two) is True
	text = _last_message_to(world.two)
	assert invoice_a.name in text and invoice_c.name in text
