"""Load the demo dataset. Idempotent: each section is skipped when its records already exist."""

import random

import frappe
from frappe.utils import add_days, nowdate

from ralom_portal.demo import builders, finance
from ralom_portal.demo import efactura as demo_efactura
from ralom_portal.demo import files as demo_files
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD, ITEM_UOMS, ITEMS, LOST_REASON, TASK_PLAN
from ralom_portal.demo.quote_requests import load_quote_requests
from ralom_portal.demo.shipments import load_shipments
from ralom_portal.demo.tickets import load_tickets

SEED = 20261129


def load() -> dict[str, int]:
	rng = random.Random(SEED)
	for code, name, rate in ITEMS:
		builders.make_item(code, name=name, rate=rate, uom=ITEM_UOMS.get(code, builders.DEFAULT_UOM))
	for client in CLIENTS:
		customer = builders.make_customer(client["name"], tax_id=client["tax_id"]).name
		for user in client["users"]:
			builders.make_portal_user(
				user["email"],
				customer,
				first_name=user["first_name"],
				last_name=user["last_name"],
				language=user["language"],
				password=DEMO_PASSWORD,
			)
		_quotations(customer, rng)
		_projects(customer, client["project"])
		_invoices(customer, rng)
		_contract(customer)
	load_quote_requests(CLIENTS[0])
	for client in CLIENTS:
		load_tickets(client)
		demo_files.load(client)
	for index, client in enumerate(CLIENTS):
		load_shipments(client, index)
		# e-Factura: a billing address and one invoice per e-Factura state, without ANAF.
		demo_efactura.load(client, index)
	builders.expire_quotations()
	_registration_requests()
	return counts()


def _registration_requests() -> None:
	"""Two registrations for the desk's review queue: one pending, one rejected (no e-mails)."""
	from ralom_portal.registration import requests

	demo = (
		("cerere.noua@electro-nord.ro", "Andrei Pop", "Electro Nord SRL", "RO34567892", None),
		(
			"cerere.respinsa@exemplu.ro",
			"Ioana Dumitru",
			"Exemplu Test SRL",
			"45671235",
			"Firma nu este client RALOM.",
		),
	)
	for email, full_name, company, tax_id, rejection in demo:
		if frappe.db.exists("Portal Access Request", {"email": email}):
			continue
		name = requests.register(
			{
				"full_name": full_name,
				"email": email,
				"company_name": company,
				"tax_id": tax_id,
				"phone": "+40 721 000 111",
				"language": "ro",
				"consent": 1,
				"country": "Romania",
			},
			notify=False,
		)
		if name and rejection:
			requests.reject(name, rejection, notify=False)


def counts() -> dict[str, int]:
	customers = [c["name"] for c in CLIENTS]
	return {
		"Customer": frappe.db.count("Customer", {"name": ["in", customers]}),
		"Portal User": frappe.db.count(
			"Portal User", {"parent": ["in", customers], "parenttype": "Customer"}
		),
		"Quotation": frappe.db.count("Quotation", {"party_name": ["in", customers]}),
		"Sales Order": frappe.db.count("Sales Order", {"customer": ["in", customers]}),
		"Sales Invoice": frappe.db.count("Sales Invoice", {"customer": ["in", customers], "docstatus": 1}),
		"Payment Entry": frappe.db.count("Payment Entry", {"party": ["in", customers]}),
		"Project": frappe.db.count("Project", {"customer": ["in", customers]}),
		"Task": frappe.db.sql(
			"select count(*) from `tabTask` t join `tabProject` p on p.name = t.project where p.customer in %s",
			[customers],
		)[0][0],
		"Contract": frappe.db.count("Contract", {"party_name": ["in", customers]}),
		"Journal Entry": frappe.db.sql(
			"""select count(distinct parent) from `tabJournal Entry Account`
			where party_type = 'Customer' and party in %s""",
			[customers],
		)[0][0],
		"Support Ticket": frappe.db.count("Support Ticket", {"customer": ["in", customers]}),
		"Customer Shipment": frappe.db.count("Customer Shipment", {"customer": ["in", customers]}),
	}


def _lines(rng: random.Random, n: int) -> list[tuple[str, float, float]]:
	picks = rng.sample(ITEMS, n)
	return [(code, rng.choice([1, 2, 3, 5, 10, 40]), rate) for code, _name, rate in picks]


def _quotations(customer: str, rng: random.Random) -> None:
	if frappe.db.exists("Quotation", {"party_name": customer}):
		_accepted_offer(customer)
		return
	today = nowdate()
	# To decide: two open offers.
	builders.make_quotation(
		customer, _lines(rng, 3), transaction_date=add_days(today, -5), valid_till=add_days(today, 25)
	)
	builders.make_quotation(
		customer, _lines(rng, 2), transaction_date=add_days(today, -2), valid_till=add_days(today, 12)
	)
	# Expired: ERPNext's daily job marks it.
	builders.make_quotation(
		customer, _lines(rng, 2), transaction_date=add_days(today, -60), valid_till=add_days(today, -30)
	)
	# Lost, with an ERPNext Lost Reason.
	lost = builders.make_quotation(
		customer, _lines(rng, 2), transaction_date=add_days(today, -40), valid_till=add_days(today, -10)
	)
	builders.mark_quotation_lost(lost.name, LOST_REASON, "Bugetul clientului a fost redus.")
	# Ordered: converted with ERPNext's mapper into a Sales Order.
	ordered = builders.make_quotation(
		customer, _lines(rng, 3), transaction_date=add_days(today, -20), valid_till=add_days(today, 10)
	)
	builders.order_quotation(ordered.name)
	_accepted_offer(customer)


def _accepted_offer(customer: str) -> None:
	"""One offer accepted in the portal by the client's first user (through the portal's own logic)."""
	if frappe.db.exists("Portal Offer Decision", {"customer": customer, "decision": "Accepted"}):
		return
	from ralom_portal.access.refuse import require_visible
	from ralom_portal.portal.queries.offers import content_hash, content_rows
	from ralom_portal.ralom_portal.doctype.portal_offer_decision import decide

	# Own random stream, so the figures of the other sections stay what they were.
	rng = random.Random(f"{SEED}-accepted-{customer}")
	today = nowdate()
	quotation = builders.make_quotation(
		customer, _lines(rng, 2), transaction_date=add_days(today, -3), valid_till=add_days(today, 20)
	)
	user = next(c["users"][0]["email"] for c in CLIENTS if c["name"] == customer)
	items, taxes = content_rows(quotation.name)
	header = frappe.db.get_value("Quotation", quotation.name, "*", as_dict=True)
	frappe.set_user(user)
	try:
		decide.accept_offer(require_visible("Quotation", quotation.name), content_hash(header, items, taxes))
	finally:
		frappe.set_user("Administrator")


def _projects(customer: str, title: str) -> None:
	today = nowdate()
	if not frappe.db.exists("Project", {"customer": customer, "project_name": title}):
		project = builders.make_project(customer, title, start=add_days(today, -28), end=add_days(today, 29))
		names: dict[str, str] = {}
		for key, subject, offset, days, progress, deps, milestone, visible in TASK_PLAN:
			start = add_days(today, offset)
			status = "Completed" if progress == 100 else ("Working" if progress else "Open")
			task = builders.make_task(
				project.name,
				subject,
				start=start,
				end=add_days(start, max(days - 1, 0)),
				progress=progress,
				status=status,
				depends_on=[names[d] for d in deps],
				is_milestone=milestone,
				visible=visible,
			)
			names[key] = task.name
	done_title = f"Audit energetic {customer.split()[0]}"
	if not frappe.db.exists("Project", {"customer": customer, "project_name": done_title}):
		done = builders.make_project(
			customer, done_title, start=add_days(today, -120), end=add_days(today, -75), status="Completed"
		)
		for i, subject in enumerate(("Colectare date consum", "Raport audit", "Prezentare rezultate")):
			builders.make_task(
				done.name,
				subject,
				start=add_days(today, -120 + i * 15),
				end=add_days(today, -106 + i * 15),
				progress=100,
				status="Completed",
			)


def _invoices(customer: str, rng: random.Random) -> None:
	"""Paid, partly paid, overdue (part-paid by a payment split over two invoices, with a journal
	discount) and not-yet-due invoices, a credit note and an unallocated advance. Each part is
	skipped when already there, so older demo sites gain the newer parts on the next load."""
	today = nowdate()
	if not frappe.db.exists("Sales Invoice", {"customer": customer}):
		paid = builders.make_sales_invoice(
			customer, _lines(rng, 2), posting_date=add_days(today, -50), due_date=add_days(today, -20)
		)
		builders.make_payment(paid.name, posting_date=add_days(today, -25))
		partly = builders.make_sales_invoice(
			customer, _lines(rng, 2), posting_date=add_days(today, -20), due_date=add_days(today, 10)
		)
		builders.make_payment(
			partly.name, round(partly.grand_total * 0.4, 2), posting_date=add_days(today, -5)
		)
		builders.make_sales_invoice(
			customer, _lines(rng, 2), posting_date=add_days(today, -60), due_date=add_days(today, -30)
		)
	if frappe.db.exists("Sales Invoice", {"customer": customer, "is_return": 1, "docstatus": 1}):
		return
	overdue = frappe.db.get_value(
		"Sales Invoice",
		{
			"customer": customer,
			"docstatus": 1,
			"is_return": 0,
			"due_date": ("<", today),
			"outstanding_amount": (">", 0),
		},
		order_by="posting_date asc",
	)
	older = builders.make_sales_invoice(
		customer, [("RP-INST", 1, 1800)], posting_date=add_days(today, -40), due_date=add_days(today, -10)
	)
	not_due = builders.make_sales_invoice(
		customer,
		_lines(rng, 2),
		posting_date=add_days(today, -4),
		due_date=add_days(today, 26),
		po_no="PO-2026-118",
	)
	if overdue:
		part = round(frappe.db.get_value("Sales Invoice", overdue, "outstanding_amount") * 0.3, 2)
		whole = older.outstanding_amount
		finance.make_customer_payment(
			customer,
			whole + part,
			[(older.name, whole), (overdue, part)],
			posting_date=add_days(today, -8),
			reference="OP-2026-0415",
			mode_of_payment="Wire Transfer" if frappe.db.exists("Mode of Payment", "Wire Transfer") else None,
		)
		finance.make_journal_credit(
			customer, 25, invoice=overdue, posting_date=add_days(today, -7), remark="Discount plată în avans"
		)
	# One unit of the first line returned: a credit note that reduces the invoice's outstanding.
	finance.make_credit_note(not_due.name, 1, posting_date=add_days(today, -2))
	finance.make_customer_payment(customer, 1000, posting_date=add_days(today, -1), reference="AVANS-2026-07")


def _contract(customer: str) -> None:
	"""Four contracts: active and signed, one awaiting the client's signature, one expired, and one
	with fulfilment terms that expires within 30 days. Skipped when the client already has them."""
	if frappe.db.exists("Contract", {"party_type": "Customer", "party_name": customer, "is_signed": 1}):
		return
	today = nowdate()
	signee = frappe.db.get_value(
		"User", {"name": ("in", _portal_users(customer))}, "full_name", order_by="name asc"
	)
	terms = (
		"<p>Contract-cadru de prestări servicii și furnizare echipamente electrice.</p>"
		"<p>Plata se face în 30 de zile de la emiterea facturii.</p>"
	)
	accepted = frappe.db.get_value(
		"Quotation", {"party_name": customer, "ralom_portal_decision": "Accepted"}, "name"
	)
	builders.make_contract(
		customer,
		start=add_days(today, -90),
		end=add_days(today, 275),
		terms=terms,
		signee=signee,
		document=("Quotation", accepted) if accepted else None,
	)
	builders.make_contract(
		customer,
		start=add_days(today, 7),
		end=add_days(today, 372),
		terms=(
			"<p><strong>Contract de mentenanță</strong></p><p>Mentenanță lunară a instalațiilor electrice, "
			"intervenție în 24 de ore.</p><p>Tarif: 1.200 RON/lună + TVA.</p>"
		),
		submit=False,
		sent=True,
	)
	builders.make_contract(
		customer,
		start=add_days(today, -400),
		end=add_days(today, -35),
		terms="<p>Contract de furnizare echipamente 2025 (expirat).</p>",
		signee=signee,
	)
	project = frappe.db.get_value("Project", {"customer": customer}, "name")
	builders.make_contract(
		customer,
		start=add_days(today, -60),
		end=add_days(today, 20),
		terms="<p>Execuție lucrări conform proiectului, cu recepție la final.</p>",
		signee=signee,
		fulfilment=[
			("Predare proiect tehnic", True),
			("Montaj tablouri electrice", True),
			("Recepție la terminarea lucrărilor", False),
		],
		deadline=add_days(today, 20),
		document=("Project", project) if project else None,
	)


def _portal_users(customer: str) -> list[str]:
	return frappe.get_all("Portal User", {"parent": customer, "parenttype": "Customer"}, pluck="user") or [
		"Administrator"
	]
