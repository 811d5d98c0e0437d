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

	_connect(context)
	try:
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


commands = [ralom_portal]
