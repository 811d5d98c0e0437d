"""The access model in-process: one answer to "who do I act for", one condition per doctype."""

import frappe
import pytest

from ralom_portal.access import rules
from ralom_portal.access.customers import customers_for, forget
from ralom_portal.demo import builders
from ralom_portal.tests import worlds
from ralom_portal.tests.worlds import fresh, module_world, refs


@pytest.fixture
def listed():
	"""List `doctype` as `user` through frappe.get_list, after granting the Customer role read.

	Portal roles have no DocPerm (generic lists raise PermissionError); granting one here simulates
	an administrator's mistake and shows the second layer (permission_query_conditions) still
	narrows the list to the user's own records.
	"""
	touched = set()

	def _list(doctype, user):
		if doctype not in touched:
			frappe.permissions.add_permission(doctype, "Customer", 0)
			frappe.clear_cache(doctype=doctype)
			touched.add(doctype)
		frappe.set_user(user)
		try:
			return frappe.get_list(doctype, pluck="name", limit_page_length=0)
		finally:
			frappe.set_user("Administrator")

	yield _list
	worlds.rollback()  # the granted DocPerms, before their cache is dropped
	for doctype in touched:
		frappe.clear_cache(doctype=doctype)


@pytest.fixture
def two_clients_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_two_clients)


@pytest.fixture
def two_clients(two_clients_world):
	return fresh(two_clients_world)


def _build_two_clients():
	from ralom_portal.tests import factories

	a, ua = factories.client()
	b, ub = factories.client()
	qa = factories.quotation(a.name)
	qb = factories.quotation(b.name)
	draft_a = factories.quotation(a.name, submit=False)
	return refs(a=a, ua=ua, b=b, ub=ub, qa=qa, qb=qb, draft_a=draft_a)


def test_user_acts_for_the_customers_whose_portal_users_list_them(two_clients):
	assert customers_for(two_clients.ua.name) == (two_clients.a.name,)
	assert customers_for(two_clients.ub.name) == (two_clients.b.name,)


def test_a_second_contact_of_the_same_company_sees_the_company_records(factories, two_clients, listed):
	second = factories.portal_user(two_clients.a.name)
	assert rules.can_see("Quotation", two_clients.qa.name, second.name)
	assert two_clients.qa.name in listed("Quotation", second.name)


def test_portal_users_get_nothing_from_generic_lists_without_a_docperm(two_clients):
	frappe.set_user(two_clients.ua.name)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Quotation", pluck="name")


def test_website_user_linked_to_no_customer_acts_for_nobody(factories, two_clients):
	lonely = factories.portal_user(None)
	assert customers_for(lonely.name) == ()
	visible = frappe.db.sql(
		f"select count(*) from `tabQuotation` where {rules.condition('Quotation', lonely.name)}"
	)
	assert visible[0][0] == 0
	assert not rules.can_see("Quotation", two_clients.qa.name, lonely.name)


def test_disabled_user_acts_for_nobody(two_clients):
	frappe.db.set_value("User", two_clients.ua.name, "enabled", 0)
	forget()
	assert customers_for(two_clients.ua.name) == ()


def test_unlinking_takes_effect_at_the_next_request(two_clients):
	assert customers_for(two_clients.ua.name) == (two_clients.a.name,)
	builders.unlink_portal_user(two_clients.a.name, two_clients.ua.name)
	forget()  # what a new request does: the cache lives for one request only
	assert customers_for(two_clients.ua.name) == ()


def test_customer_b_cannot_list_or_open_customer_a_quotation(two_clients, listed):
	names = listed("Quotation", two_clients.ub.name)
	assert two_clients.qb.name in names
	assert two_clients.qa.name not in names
	assert not frappe.has_permission("Quotation", doc=two_clients.qa.name, user=two_clients.ub.name)
	assert not frappe.has_website_permission(
		frappe.get_doc("Quotation", two_clients.qa.name), user=two_clients.ub.name
	)


def test_draft_quotation_is_invisible_even_to_its_own_customer(two_clients, listed):
	assert two_clients.draft_a.name not in listed("Quotation", two_clients.ua.name)
	assert not rules.can_see("Quotation", two_clients.draft_a.name, two_clients.ua.name)


def test_list_condition_and_document_check_agree_for_every_doctype(factories, two_clients, listed):
	inv_a = factories.sales_invoice(two_clients.a.name)
	pay_a = factories.payment(inv_a.name)
	project_a, tasks_a = factories.project(two_clients.a.name, tasks=2)
	contract_a = factories.contract(two_clients.a.name)
	from ralom_portal.demo import finance

	journal_a = finance.make_journal_credit(two_clients.a.name, 10)
	gl_a = frappe.db.get_value("GL Entry", {"voucher_no": inv_a.name, "party": two_clients.a.name})
	records = {
		"Quotation": two_clients.qa.name,
		"Sales Invoice": inv_a.name,
		"Payment Entry": pay_a.name,
		"GL Entry": gl_a,
		"Journal Entry": journal_a.name,
		"Project": project_a.name,
		"Task": tasks_a[0].name,
		"Contract": contract_a.name,
	}
	for doctype, name in records.items():
		for user, expected in ((two_clients.ua.name, True), (two_clients.ub.name, False)):
			assert (name in listed(doctype, user)) is expected, (doctype, user)
			assert rules.can_see(doctype, name, user) is expected, (doctype, user)


def test_hidden_task_is_invisible_to_the_client(factories, two_clients):
	project_a, tasks_a = factories.project(two_clients.a.name, tasks=2)
	frappe.db.set_value("Task", tasks_a[1].name, "ralom_portal_visible", 0)
	assert rules.can_see("Task", tasks_a[0].name, two_clients.ua.name)
	assert not rules.can_see("Task", tasks_a[1].name, two_clients.ua.name)


def test_internal_file_on_a_visible_record_stays_hidden(two_clients):
	def attach(internal):
		f = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"spec-{internal}.txt",
				"content": b"hello",
				"attached_to_doctype": "Quotation",
				"attached_to_name": two_clients.qa.name,
				"is_private": 1,
				"ralom_portal_internal": internal,
			}
		).insert(ignore_permissions=True)
		return f.name

	shared, internal = attach(0), attach(1)
	assert rules.can_see("File", shared, two_clients.ua.name)
	assert not rules.can_see("File", internal, two_clients.ua.name)
	assert not rules.can_see("File", shared, two_clients.ub.name)


def test_sales_user_in_the_desk_sees_every_client(factories, two_clients):
	staff = factories.staff_user(("Sales User",))
	frappe.set_user(staff.name)
	names = frappe.get_list("Quotation", pluck="name", limit_page_length=0)
	assert {two_clients.qa.name, two_clients.qb.name, two_clients.draft_a.name} <= set(names)
	assert frappe.has_permission("Quotation", doc=two_clients.qa.name, user=staff.name)


def test_hooks_give_desk_users_no_opinion(factories):
	from ralom_portal.access import hooks

	staff = factories.staff_user(("Sales User",))
	customer, _user = factories.client()
	quotation = factories.quotation(customer.name)
	assert hooks.query_conditions(user=staff.name, doctype="Quotation") == ""
	assert hooks.has_permission(quotation, user=staff.name) is None
	assert hooks.has_website_permission(quotation, user=staff.name) is True


def test_customer_role_has_no_docperm_on_portal_doctypes():
	from ralom_portal.access.doctypes import names

	PORTAL_DOCTYPES = names()

	for table in ("DocPerm", "Custom DocPerm"):
		assert not frappe.get_all(table, {"parent": ("in", PORTAL_DOCTYPES), "role": "Customer"}), table
