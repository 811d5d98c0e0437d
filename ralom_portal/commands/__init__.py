"""Bench commands: `bench --site SITE ralom-portal <command>`."""

import click
import frappe
from frappe.commands import get_site, pass_context


@click.group("ralom-portal")
def ralom_portal():
	"""RALOM client portal tools."""


def _connect(context):
	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	return site


@ralom_portal.command("setup-company")
@pass_context
def setup_company(context):
	"""Complete ERPNext's setup for the supplier company (RON, Romania) if it is not done yet."""
	from ralom_portal.setup.company import complete_setup

	_connect(context)
	try:
		company = complete_setup()
		click.echo(f"Company ready: {company}")
	finally:
		frappe.destroy()


@ralom_portal.command("demo")
@pass_context
def demo(context):
	"""Create (or top up) the demo dataset. Safe to run again: it adds no duplicates."""
	from ralom_portal.demo.loader import load
	from ralom_portal.setup.company import complete_setup

	site = _connect(context)
	try:
		if not frappe.db.get_single_value("System Settings", "setup_complete"):
			# The demo needs a company, its accounts and ERPNext's units (Hour, Meter), which a new
			# site gets only from the setup wizard; a fresh `bench new-site` would stop at the first item.
			click.echo(f"ERPNext's setup is not complete on {site}: running setup-company first.")
			complete_setup()
		counts = load()
		frappe.db.commit()
		for doctype, count in counts.items():
			click.echo(f"{doctype}: {count}")
	finally:
		frappe.destroy()


@ralom_portal.command("demo-logins")
@pass_context
def demo_logins(context):
	"""Print the demo client logins."""
	from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD

	_connect(context)
	try:
		for client in CLIENTS:
			for user in client["users"]:
				click.echo(f"  {client['name']}: {user['email']} / {DEMO_PASSWORD}")
	finally:
		frappe.destroy()


@ralom_portal.command("scale")
@click.option("--customers", type=click.IntRange(0, 5000), default=500, show_default=True)
@click.option("--force", is_flag=True, help="Run on a site that is not a development or test site.")
@pass_context
def scale(context, customers, force):
	"""Load the scale dataset (many customers, a big one) to measure the portal at real volumes."""
	from ralom_portal.demo import scale as scale_data

	site = _connect(context)
	try:
		if not (scale_data.is_disposable_site() or force):
			raise click.ClickException(
				f"{site} is not a development or test site (developer_mode, allow_tests): "
				"scale data would mix with real records. Pass --force to load it anyway."
			)
		written = scale_data.run(customers, click.echo)
		for doctype, count in sorted(written.items()):
			click.echo(f"{doctype}: {count}")
	finally:
		frappe.destroy()


commands = [ralom_portal]
