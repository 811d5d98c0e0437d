"""The app installs on ERPNext, migrates cleanly, and its demo data and factories are sound."""

import subprocess

import frappe

from ralom_portal.tests.conftest import BENCH_DIR, SITE


def test_app_is_installed_on_the_erpnext_site():
	apps = frappe.get_installed_apps()
	assert apps[:2] == ["frappe", "erpnext"]
	assert "ralom_portal" in apps
	assert frappe.db.exists("Module Def", "Ralom Portal")


def test_setup_made_a_romanian_supplier_company():
	company = frappe.get_doc("Company", frappe.db.get_single_value("Global Defaults", "default_company"))
	assert company.country == "Romania"
	assert company.default_currency == "RON"
	assert frappe.db.get_single_value("System Settings", "setup_complete") == 1


def test_task_has_the_portal_visibility_field():
	field = frappe.get_meta("Task").get_field("ralom_portal_visible")
	assert field is not None and field.fieldtype == "Check" and field.default == "1"


def _bench(*args):
	return subprocess.run(
		["../env/bin/python", "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, *args],
		cwd=BENCH_DIR / "sites",
		capture_output=True,
		text=True,
		timeout=900,
	)


def test_bench_migrate_runs_clean_again_on_an_installed_site():
	# The site was installed (and migrated when the app changed) by `make test` before the suite;
	# one more migrate here shows a repeat is clean and idempotent.
	frappe.db.rollback()
	result = _bench("migrate", "--skip-search-index")
	assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
	assert "Traceback" not in result.stderr
	frappe.clear_cache()
	assert frappe.get_meta("Task").get_field("ralom_portal_visible") is not None


def test_demo_command_is_idempotent(demo_data):
	from ralom_portal.demo.loader import counts

	assert demo_data["Customer"] == 3
	assert demo_data["Task"] >= 3 * 13
	frappe.db.rollback()
	# Counted now, not at the session's start: served suites that ran before may have committed
	# records of the demo clients (the isolation world's drafts); the command must add none.
	before = counts()
	result = _bench("ralom-portal", "demo")
	assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
	assert counts() == before


def test_demo_has_each_quotation_state_per_client(demo_data):
	from ralom_portal.demo.dataset import CLIENTS

	for client in CLIENTS:
		statuses = set(
			frappe.get_all("Quotation", {"party_name": client["name"], "docstatus": 1}, pluck="status")
		)
		assert {"Open", "Expired", "Lost", "Ordered"} <= statuses, (client["name"], statuses)


def test_demo_invoices_are_paid_partly_paid_and_overdue(demo_data):
	from ralom_portal.demo.dataset import CLIENTS

	for client in CLIENTS:
		statuses = set(
			frappe.get_all("Sales Invoice", {"customer": client["name"], "docstatus": 1}, pluck="status")
		)
		assert {"Paid", "Partly Paid", "Overdue"} <= statuses, (client["name"], statuses)


def test_factory_quotation_is_submitted_and_accepted_by_erpnext(factories):
	customer, _user = factories.client()
	q = factories.quotation(customer.name)
	q.reload()
	assert q.docstatus == 1
	assert q.status == "Open"
	assert q.party_name == customer.name
	assert q.grand_total > 0


def test_factory_invoice_and_payment_post_to_the_ledger(factories):
	customer, _user = factories.client()
	invoice = factories.sales_invoice(customer.name)
	assert invoice.docstatus == 1
	gl = frappe.get_all("GL Entry", {"voucher_no": invoice.name, "is_cancelled": 0}, ["debit", "credit"])
	assert sum(r.debit for r in gl) == sum(r.credit for r in gl) > 0
	factories.payment(invoice.name)
	assert frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount") == 0


def test_factory_portal_user_is_linked_through_customer_portal_users(factories):
	customer, user = factories.client()
	rows = frappe.get_all("Portal User", {"parent": customer.name, "parenttype": "Customer"}, pluck="user")
	assert rows == [user.name]
	assert user.user_type == "Website User"
	assert "Customer" in frappe.get_roles(user.name)


def test_install_closes_signup_hides_tracebacks_and_adds_the_quote_request_board():
	assert frappe.db.get_single_value("Website Settings", "disable_signup") == 1
	assert frappe.db.get_single_value("System Settings", "allow_error_traceback") == 0
	board = frappe.get_doc("Kanban Board", "Quote Requests")
	assert board.reference_doctype == "Quote Request" and board.field_name == "status"
	assert [c.column_name for c in board.columns][:3] == ["Submitted", "In Review", "Quoted"]


def test_install_adds_the_support_ticket_board_and_brands_the_guest_pages():
	board = frappe.get_doc("Kanban Board", "Support Tickets")
	assert board.reference_doctype == "Support Ticket" and board.field_name == "status"
	assert [c.column_name for c in board.columns] == [
		"Open",
		"In Progress",
		"Awaiting Client",
		"Resolved",
		"Closed",
	]
	company = frappe.db.get_single_value("Global Defaults", "default_company")
	assert frappe.db.get_single_value("Website Settings", "app_name") == frappe.db.get_value(
		"Company", company, "company_name"
	)
	assert frappe.db.get_single_value("Website Settings", "hide_footer_signup") == 1


def test_the_demo_server_answers_a_missing_file_with_a_404_not_a_traceback(monkeypatch):
	# `make demo` serves ralom_portal.wsgi under gunicorn (bench serve listened on 0.0.0.0 and showed
	# Werkzeug's debugger for this request). Frappe's /files loader raises NotFound outside any handler.
	import importlib

	import frappe.app
	from werkzeug.test import Client

	monkeypatch.setenv("RALOM_SITE", SITE)
	monkeypatch.setenv("SITES_PATH", str(BENCH_DIR / "sites"))
	monkeypatch.setattr(frappe.app, "_site", frappe.app._site)  # the import pins these; put them back
	monkeypatch.setattr(frappe.app, "_sites_path", frappe.app._sites_path)
	wsgi = importlib.import_module("ralom_portal.wsgi")
	r = Client(wsgi.application).get("/files/no-such-file-" + frappe.generate_hash(length=8) + ".txt")
	assert r.status_code == 404
	assert b"Traceback" not in r.data and b"debugger" not in r.data.lower()
