"""Rows of the scale dataset (demo/scale.py): documents built in memory, never through the
controllers; `scale._bulk` writes them. Every column the portal reads is filled, and each invoice
and payment has its receivable and counter ledger lines (GL Entry), so the statement of account and
its ageing read real volumes too."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate

TASKS = 30
TICKET_STATUSES = ("Open", "In Progress", "Awaiting Client", "Resolved", "Closed")
SHIPMENT_STATUSES = ("Preparing", "Shipped", "In Transit", "Out for Delivery", "Delivered")


def customer(ctx, n: int, name: str, email: str):
	"""The Customer, with the portal user in ERPNext's `portal_users` (what `customers_for` reads)."""
	doc = frappe.new_doc("Customer")  # new_doc: the DocType's defaults, as an insert would set them
	doc.update(
		{
			"name": name,
			"customer_name": name,
			"customer_type": "Company",
			"customer_group": ctx["customer_group"],
			"territory": ctx["territory"],
			"tax_id": f"RO{90000000 + n}",
			"default_currency": "RON",
		}
	)
	doc.append("portal_users", {"name": f"SCL-PU-{n:04d}", "user": email})
	return doc


def user(n: int, email: str):
	"""An enabled Website User with the Customer role (the password, if any, is set apart)."""
	doc = frappe.new_doc("User")
	last = f"{n:04d}"
	doc.update(
		{
			"name": email,
			"email": email,
			"first_name": "Client",
			"last_name": last,
			"full_name": f"Client {last}",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"language": "ro",
		}
	)
	doc.append("roles", {"name": f"SCL-ROLE-{n:04d}", "role": "Customer"})
	return doc


def contact(n: int, customer_name: str, email: str):
	"""The user's Contact linked to the customer, named the way Contact.autoname names it."""
	full_name = f"Client {n:04d}"
	doc = frappe.new_doc("Contact")
	doc.update(
		{
			"name": f"{full_name}-{customer_name}",
			"first_name": "Client",
			"last_name": f"{n:04d}",
			"full_name": full_name,
			"email_id": email,
			"user": email,
		}
	)
	doc.append("email_ids", {"name": f"SCL-CE-{n:04d}", "email_id": email, "is_primary": 1})
	doc.append("links", {"name": f"SCL-DL-{n:04d}", "link_doctype": "Customer", "link_name": customer_name})
	return doc


def _gl(
	ctx,
	name: str,
	voucher_type: str,
	voucher_no: str,
	posting,
	account: str,
	debit: float,
	credit: float,
	**extra,
):
	"""One ledger line in RON (the scale data's one currency)."""
	return frappe.get_doc(
		{
			"doctype": "GL Entry",
			"name": name,
			"posting_date": posting,
			"company": ctx["company"],
			"account": account,
			"account_currency": "RON",
			"debit": debit,
			"credit": credit,
			"debit_in_account_currency": debit,
			"credit_in_account_currency": credit,
			"debit_in_transaction_currency": debit,
			"credit_in_transaction_currency": credit,
			"transaction_currency": "RON",
			"voucher_type": voucher_type,
			"voucher_no": voucher_no,
			"is_opening": "No",
			"is_advance": "No",
			"is_cancelled": 0,
			"docstatus": 1,
			**extra,
		}
	)


def _party_gl(ctx, name, voucher_type, voucher_no, posting, debit, credit, customer, invoice):
	return _gl(
		ctx,
		name,
		voucher_type,
		voucher_no,
		posting,
		ctx["receivable"],
		debit,
		credit,
		party_type="Customer",
		party=customer,
		against_voucher_type="Sales Invoice",
		against_voucher=invoice,
	)


def _line(ctx, parent: str, qty: int, total: float, **extra) -> dict:
	"""The one line of a scale invoice or quotation: the scale item at 500 lei."""
	return {
		"name": f"{parent}-1",
		"item_code": ctx["item"],
		"item_name": ctx["item_name"],
		"description": ctx["item_name"],
		"uom": ctx["uom"],
		"stock_uom": ctx["uom"],
		"conversion_factor": 1,
		"qty": qty,
		"rate": 500,
		"amount": total,
		"net_amount": total,
		**extra,
	}


def invoice_and_payment(ctx, tag, i, customer, rng, count) -> list:
	name = f"SCL-SINV-{tag}-{i:05d}"
	posting = add_days(ctx["today"], -(count - i) * (3 if count > 100 else 20))
	qty = rng.randint(1, 10)
	total = float(qty * 500)
	paid = total if i < count - 4 else (total / 2 if i % 2 else 0.0)  # the newest are (partly) unpaid
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"name": name,
			"customer": customer,
			"customer_name": customer,
			"company": ctx["company"],
			"posting_date": posting,
			"due_date": add_days(posting, 30),
			"currency": "RON",
			"party_account_currency": "RON",
			"conversion_rate": 1,
			"debit_to": ctx["receivable"],
			"net_total": total,
			"base_net_total": total,
			"total": total,
			"grand_total": total,
			"base_grand_total": total,
			"rounded_total": total,
			"base_rounded_total": total,
			"outstanding_amount": total - paid,
			"po_no": f"PO-{tag}-{i:05d}",
			"status": "Paid" if paid == total else ("Partly Paid" if paid else "Unpaid"),
			"docstatus": 1,
			"items": [
				_line(ctx, name, qty, total, stock_qty=qty, base_rate=500, base_amount=total, net_rate=500)
			],
		}
	)
	docs = [
		invoice,
		_party_gl(ctx, f"SCL-GL-{tag}-{i:05d}-1", "Sales Invoice", name, posting, total, 0.0, customer, name),
		_gl(ctx, f"SCL-GL-{tag}-{i:05d}-2", "Sales Invoice", name, posting, ctx["income"], 0.0, total),
	]
	if paid:
		pe = f"SCL-PE-{tag}-{i:05d}"
		docs.append(
			frappe.get_doc(
				{
					"doctype": "Payment Entry",
					"name": pe,
					"payment_type": "Receive",
					"party_type": "Customer",
					"party": customer,
					"party_name": customer,
					"company": ctx["company"],
					"posting_date": add_days(posting, 10),
					"paid_from": ctx["receivable"],
					"paid_to": ctx["paid_to"],
					"paid_from_account_currency": "RON",
					"paid_to_account_currency": "RON",
					"paid_amount": paid,
					"base_paid_amount": paid,
					"received_amount": paid,
					"base_received_amount": paid,
					"source_exchange_rate": 1,
					"target_exchange_rate": 1,
					"total_allocated_amount": paid,
					"reference_no": f"OP-{name}",
					"reference_date": add_days(posting, 10),
					"status": "Submitted",
					"docstatus": 1,
					"references": [
						{
							"name": f"{pe}-1",
							"reference_doctype": "Sales Invoice",
							"reference_name": name,
							"total_amount": total,
							"outstanding_amount": total,
							"allocated_amount": paid,
							"exchange_rate": 1,
						}
					],
				}
			)
		)
		paid_on = add_days(posting, 10)
		docs.append(
			_party_gl(ctx, f"SCL-GL-{tag}-{i:05d}-3", "Payment Entry", pe, paid_on, 0.0, paid, customer, name)
		)
		docs.append(
			_gl(ctx, f"SCL-GL-{tag}-{i:05d}-4", "Payment Entry", pe, paid_on, ctx["paid_to"], paid, 0.0)
		)
	return docs


def quotation(ctx, tag, i, customer, rng):
	name = f"SCL-QTN-{tag}-{i:05d}"
	date = add_days(ctx["today"], -i * 2)
	qty = rng.randint(1, 20)
	total = float(qty * 500)
	valid_till = add_days(date, 30)
	return frappe.get_doc(
		{
			"doctype": "Quotation",
			"name": name,
			"quotation_to": "Customer",
			"party_name": customer,
			"customer_name": customer,
			"title": customer,
			"company": ctx["company"],
			"transaction_date": date,
			"valid_till": valid_till,
			"currency": "RON",
			"conversion_rate": 1,
			"order_type": "Sales",
			"net_total": total,
			"total": total,
			"grand_total": total,
			"base_grand_total": total,
			"rounded_total": total,
			"status": "Open" if getdate(valid_till) >= ctx["today"] else "Expired",
			"docstatus": 1,
			"items": [_line(ctx, name, qty, total)],
		}
	)


def project(ctx, tag, p, customer) -> list:
	name = f"SCL-PROJ-{tag}-{p}"
	start = add_days(ctx["today"], -30 * (p + 1))
	docs = [
		frappe.get_doc(
			{
				"doctype": "Project",
				"name": name,
				"project_name": f"Proiect {tag}-{p + 1}",
				"customer": customer,
				"company": ctx["company"],
				"status": "Open",
				"expected_start_date": start,
				"expected_end_date": add_days(start, 90),
				"percent_complete_method": "Task Progress",
				"percent_complete": 50,
			}
		)
	]
	for t in range(TASKS):
		begin = add_days(start, t * 3)
		done = t < TASKS // 2
		docs.append(
			frappe.get_doc(
				{
					"doctype": "Task",
					"name": f"SCL-TASK-{tag}-{p}-{t:02d}",
					"subject": f"Etapa {t + 1}",
					"project": name,
					"status": "Completed" if done else "Open",
					"progress": 100 if done else 0,
					"exp_start_date": begin,
					"exp_end_date": add_days(begin, 2),
					"ralom_portal_visible": 1,
					"lft": 0,
					"rgt": 0,
				}
			)
		)
	return docs


def ticket(ctx, tag, i, customer, user):
	opened = add_days(ctx["now"], -i * 4)
	return frappe.get_doc(
		{
			"doctype": "Support Ticket",
			"name": f"SCL-TKT-{tag}-{i:02d}",
			"subject": f"Întrebare {i + 1}",
			"customer": customer,
			"customer_name": customer,
			"raised_by": user,
			"status": TICKET_STATUSES[i % len(TICKET_STATUSES)],
			"priority": "Medium",
			"category": "Question",
			"last_client_message_on": opened,
			"creation": opened,
			"modified": opened,
		}
	)


def shipment(ctx, tag, i, customer):
	name = f"SCL-SHP-{tag}-{i:02d}"
	return frappe.get_doc(
		{
			"doctype": "Customer Shipment",
			"name": name,
			"customer": customer,
			"customer_name": customer,
			"shipment_date": add_days(ctx["today"], -i * 5),
			"status": SHIPMENT_STATUSES[i % len(SHIPMENT_STATUSES)],
			"items": [
				{
					"name": f"{name}-1",
					"item_code": ctx["item"],
					"item_name": ctx["item_name"],
					"qty": 1 + i,
					"uom": ctx["uom"],
				}
			],
		}
	)


FILE_URL = "/private/files/ralom-scale-document.pdf"


def file(tag, i, invoice):
	return frappe.get_doc(
		{
			"doctype": "File",
			"name": f"SCL-FILE-{tag}-{i:02d}",
			"file_name": f"document-{tag}-{i + 1:02d}.pdf",
			"file_url": FILE_URL,
			"is_private": 1,
			"file_size": 1024,
			"attached_to_doctype": "Sales Invoice",
			"attached_to_name": invoice,
			"folder": "Home/Attachments",
		}
	)
