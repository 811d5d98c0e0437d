"""Long lists are paged, never capped: offers, projects and contracts carry their total and page on."""

import frappe
from frappe.utils import add_days, nowdate

from ralom_portal.demo import builders
from ralom_portal.portal import page as portal_page
from ralom_portal.portal.queries import contracts, offers, projects


def _pages(fetch, total: int) -> list[list[str]]:
	"""Every page of 2 rows, checking each row carries the total over the filter."""
	pages, offset = [], 0
	while offset < total + 2:
		rows = fetch(limit=2, offset=offset)
		assert all(int(r.total) == total for r in rows)
		pages.append([r.name for r in rows])
		offset += 2
	return pages


def test_offers_projects_and_contracts_page_through_every_row(factories):
	customer, _user = factories.client()
	for _i in range(5):
		factories.quotation(customer.name, valid_till=add_days(nowdate(), 10))
		builders.make_project(customer.name, factories.unique("P"))
		factories.contract(customer.name, terms="<p>T</p>")
	for fetch in (
		lambda **kw: offers.list_offers((customer.name,), **kw),
		lambda **kw: projects.project_list((customer.name,), **kw),
		lambda **kw: contracts.list_contracts((customer.name,), **kw),
	):
		pages = _pages(fetch, 5)
		names = [n for p in pages for n in p]
		assert [len(p) for p in pages] == [2, 2, 1, 0]
		assert len(set(names)) == 5


def test_the_pager_keeps_the_filter_and_clamps_the_page():
	context = frappe._dict()
	rows = [frappe._dict(name=str(i), total=120) for i in range(50)]
	portal_page.paginate(context, rows, 2, status="Open")
	assert context.pager["pages"] == 3 and context.total_rows == 120
	assert context.pager["prev_url"] == "?status=Open&page=1"
	assert context.pager["next_url"] == "?status=Open&page=3"
	frappe.local.form_dict = frappe._dict(page="-4")
	assert portal_page.page_number() == 1
	frappe.local.form_dict = frappe._dict(page="99999999")
	assert portal_page.page_number() == 10_000
	frappe.local.form_dict = frappe._dict(page="2' or 1=1")
	assert portal_page.page_number() == 1
	frappe.local.form_dict = frappe._dict()
