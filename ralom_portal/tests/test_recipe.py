"""The section recipe holds: every portal doctype is wired the same way, and layers only import downwards."""

import ast
import importlib
from pathlib import Path

import frappe

from ralom_portal.access import doctypes, rules

APP = Path(__file__).resolve().parents[1]

# The query-count test of each doctype that a portal page reads (module::function in tests/).
QUERY_COUNT_TESTS = {
	"Quotation": "test_offers::test_offer_list_uses_a_fixed_number_of_queries",
	"Sales Invoice": "test_dashboard::test_dashboard_query_count_does_not_grow_with_the_records",
	"Payment Entry": "test_invoices::test_payments_and_statement_query_counts_do_not_grow_with_the_rows",
	"GL Entry": "test_invoices::test_payments_and_statement_query_counts_do_not_grow_with_the_rows",
	"Journal Entry": "test_invoices::test_payments_and_statement_query_counts_do_not_grow_with_the_rows",
	"Project": "test_projects::test_project_page_query_count_does_not_grow_with_the_number_of_tasks",
	"Task": "test_projects::test_project_page_query_count_does_not_grow_with_the_number_of_tasks",
	"Quote Request": "test_quote_requests::test_list_query_count_does_not_grow_with_the_number_of_requests",
	"Support Ticket": "test_tickets::test_list_and_thread_query_counts_do_not_grow_with_rows",
	"Support Ticket Message": "test_tickets::test_list_and_thread_query_counts_do_not_grow_with_rows",
	"Contract": "test_contracts::test_contract_list_and_page_query_counts_do_not_grow_with_the_rows",
	"File": "test_files::test_library_query_count_does_not_grow_with_the_number_of_files",
	"Customer Shipment": "test_shipments::test_list_detail_and_dashboard_query_counts_do_not_grow_with_rows",
}


def test_every_registered_doctype_has_exactly_one_rule():
	assert set(rules.RULES) == set(doctypes.names())


def test_every_registered_doctype_has_all_three_permission_hooks():
	expected = {
		"permission_query_conditions": "ralom_portal.access.hooks.query_conditions",
		"has_permission": "ralom_portal.access.hooks.has_permission",
		"has_website_permission": "ralom_portal.access.hooks.has_website_permission",
	}
	for hook, method in expected.items():
		wired = frappe.get_hooks(hook)
		for doctype in doctypes.names():
			assert method in wired.get(doctype, []), (hook, doctype)


def test_every_registered_doctype_has_an_isolation_matrix_row():
	from ralom_portal.tests import test_isolation_http

	# File has its own rows there (private file URLs) and in-process tests; every record doctype is
	# a row of the generic-endpoint matrix, whose fixture finds one record of client A for each.
	assert set(test_isolation_http.DOCTYPES) == set(doctypes.names()) - {"File"}


def test_every_doctype_with_a_page_has_a_query_count_test():
	assert set(QUERY_COUNT_TESTS) == set(doctypes.with_pages())
	for target in QUERY_COUNT_TESTS.values():
		module, function = target.split("::")
		assert callable(getattr(importlib.import_module(f"ralom_portal.tests.{module}"), function)), target


def test_file_visibility_follows_the_registry():
	condition = rules.condition("File", "Guest")
	for doctype in doctypes.file_parents():
		assert f"`tab{doctype}`" in condition


# Layers: access, utils <- domain code <- portal (read side) <- api, www ----------------------------------

DOMAIN_PACKAGES = ("access", "portal", "ralom_portal", "registration", "demo", "setup", "utils", "efactura")


def _imports(path: Path) -> set[str]:
	found = set()
	for node in ast.walk(ast.parse(path.read_text(), str(path))):
		if isinstance(node, ast.Import):
			found.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.module:
			found.add(node.module)
			found.update(f"{node.module}.{alias.name}" for alias in node.names)
	return found


def _modules(*packages):
	for package in packages:
		yield from (APP / package).rglob("*.py")


def test_domain_code_never_imports_api_or_www():
	upward = [
		(str(path.relative_to(APP)), name)
		for path in _modules(*DOMAIN_PACKAGES)
		for name in _imports(path)
		if name.startswith(("ralom_portal.api", "ralom_portal.www"))
	]
	assert upward == []


# The section registry is plain data below every layer: each layer may read it, it reads nothing.
REGISTRY = "ralom_portal.sections"


def test_the_section_registry_imports_nothing():
	assert _imports(APP / "sections.py") == set()


def test_access_is_the_bottom_layer():
	upward = [
		(str(path.relative_to(APP)), name)
		for path in _modules("access")
		for name in _imports(path)
		if name.startswith("ralom_portal.")
		and not name.startswith(("ralom_portal.access", "ralom_portal.utils", REGISTRY))
	]
	assert upward == []


# Domain code (beside each DocType, and the registration, e-Factura and setup packages) sits below
# the read side. One import is left for the refactor issue: the bell's read marks check the keys
# against the client's visible events, which the read side's event query computes.
DOMAIN_ONLY = ("ralom_portal", "registration", "efactura", "setup")
KNOWN_UPWARD = {("ralom_portal/doctype/portal_notification_read/reading.py", "ralom_portal.portal.queries")}


def test_domain_code_never_imports_the_read_side():
	upward = {
		(str(path.relative_to(APP)), name)
		for path in _modules(*DOMAIN_ONLY)
		for name in _imports(path)
		if name.startswith("ralom_portal.portal")
	}
	upward = {
		(path, name)
		for path, name in upward
		if not any(path == k and name.startswith(m) for k, m in KNOWN_UPWARD)
	}
	assert upward == set()


def test_utils_import_nothing_of_the_app_but_utils():
	upward = [
		(str(path.relative_to(APP)), name)
		for path in _modules("utils")
		for name in _imports(path)
		if name.startswith("ralom_portal.") and not name.startswith(("ralom_portal.utils", REGISTRY))
	]
	assert upward == []


def test_api_never_imports_www():
	assert [p for p in _modules("api") if any(n.startswith("ralom_portal.www") for n in _imports(p))] == []


def test_api_methods_use_the_per_user_rate_limit():
	# Frappe's own decorator keys on the (spoofable, shared) client IP; ours keys on the user.
	frappes = [str(p.relative_to(APP)) for p in _modules("api") if "frappe.rate_limiter" in _imports(p)]
	assert frappes == []


def test_no_python_module_outside_tests_grows_past_400_lines():
	big = {
		str(path.relative_to(APP)): n
		for path in APP.rglob("*.py")
		if "tests" not in path.parts and (n := len(path.read_text().splitlines())) > 400
	}
	assert big == {}
