"""Builders for the ERPNext documents the portal shows.

Shared by the demo dataset and the test factories, so both create documents the way ERPNext
expects them (mapped, validated, submitted through the controllers, never raw SQL).
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, flt, getdate, now_datetime, nowdate

from ralom_portal.access import links
from ralom_portal.setup.company import default_company

DEFAULT_UOM = "Nos"


def make_customer(name: str, *, tax_id: str | None = None, customer_group=None, territory=None):
	if frappe.db.exists("Customer", name):
		return frappe.get_doc("Customer", name)
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": name,
			"customer_type": "Company",
			"customer_group": customer_group or _root("Customer Group"),
			"territory": territory or _root("Territory"),
			"tax_id": tax_id,
			"default_currency": "RON",
		}
	)
	customer.insert(ignore_permissions=True)
	return customer


def make_portal_user(
	email: str,
	customer: str | None,
	*,
	first_name: str = "Client",
	last_name: str = "",
	password: str | None = None,
	language: str = "ro",
):
	"""A Website User, linked to `customer` through ERPNext's `Customer.portal_users`."""
	email = email.strip().lower()
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"user_type": "Website User",
				"send_welcome_email": 0,
				"language": language,
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	if password:
		from frappe.utils.password import update_password

		update_password(email, password)
	if customer:
		links.link_user(customer, email, f"{first_name} {last_name}".strip())
	return user


def link_portal_user(customer: str, user: str) -> None:
	links.link_user(customer, user)


def unlink_portal_user(customer: str, user: str) -> None:
	links.unlink_user(customer, user)


def make_item(code: str, *, name: str | None = None, rate: float = 100, uom: str = DEFAULT_UOM, group=None):
	if frappe.db.exists("Item", code):
		return frappe.get_doc("Item", code)
	item = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": name or code,
			"description": name or code,
			"item_group": group or _root("Item Group"),
			"stock_uom": uom,
			"is_stock_item": 0,
			"is_sales_item": 1,
			"standard_rate": rate,
		}
	)
	item.insert(ignore_permissions=True)
	return item


def make_quotation(
	customer: str,
	items: list[tuple[str, float, float]],
	*,
	transaction_date=None,
	valid_till=None,
	submit: bool = True,
	terms: str | None = None,
	vat_rate: float | None = None,
):
	"""`items` are (item_code, qty, rate); `vat_rate` adds VAT on the net total (the VAT account)."""
	transaction_date = getdate(transaction_date or nowdate())
	return _selling_document(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer,
			"transaction_date": transaction_date,
			"valid_till": getdate(valid_till) if valid_till else add_days(transaction_date, 30),
			"currency": "RON",
			"terms": terms,
		},
		items,
		vat_rate,
		submit,
	)


def _selling_document(fields: dict, items: list[tuple[str, float, float]], vat_rate, submit: bool):
	"""A Quotation or Sales Invoice of the default company with `fields`: `items` are (item_code, qty,
	rate), `vat_rate` adds VAT on the net total; inserted, and submitted when `submit`."""
	doc = frappe.get_doc(
		{
			**fields,
			"company": default_company(),
			"items": [{"item_code": code, "qty": qty, "rate": rate} for code, qty, rate in items],
			"taxes": [_vat_row(vat_rate)] if vat_rate else [],
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def _vat_row(rate: float) -> dict:
	company = default_company()
	account = frappe.db.get_value(
		"Account",
		{"company": company, "account_type": "Tax", "is_group": 0, "account_name": ("like", "VAT%")},
	) or frappe.db.get_value("Account", {"company": company, "account_type": "Tax", "is_group": 0})
	return {
		"charge_type": "On Net Total",
		"account_head": account,
		"description": f"TVA {rate:g}%",
		"rate": rate,
	}


def mark_quotation_lost(quotation: str, reason: str, detail: str | None = None):
	if not frappe.db.exists("Quotation Lost Reason", reason):
		frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": reason}).insert(
			ignore_permissions=True
		)
	doc = frappe.get_doc("Quotation", quotation)
	doc.flags.ignore_permissions = True
	doc.declare_enquiry_lost([{"lost_reason": reason}], [], detail)
	return doc


def order_quotation(quotation: str, *, delivery_date=None):
	from erpnext.selling.doctype.quotation.quotation import make_sales_order

	order = make_sales_order(quotation)
	order.transaction_date = nowdate()
	# The quotation's schedule may lie in the past; let ERPNext compute it for the order's date.
	order.payment_schedule = []
	order.delivery_date = getdate(delivery_date or add_days(nowdate(), 14))
	for row in order.items:
		row.delivery_date = order.delivery_date
	order.insert(ignore_permissions=True)
	order.submit()
	return order


def expire_quotations() -> None:
	"""ERPNext's own daily job, run now."""
	from erpnext.selling.doctype.quotation.quotation import set_expired_status

	set_expired_status()


def make_sales_invoice(
	customer: str,
	items: list[tuple[str, float, float]],
	*,
	posting_date=None,
	due_date=None,
	submit=True,
	currency: str = "RON",
	conversion_rate: float | None = None,
	debit_to: str | None = None,
	po_no: str | None = None,
	vat_rate: float | None = None,
):
	posting_date = getdate(posting_date or nowdate())
	return _selling_document(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": getdate(due_date) if due_date else add_days(posting_date, 30),
			"currency": currency,
			# A foreign currency needs its rate given: the site fetches no exchange rates.
			**({"conversion_rate": conversion_rate} if conversion_rate else {}),
			**({"debit_to": debit_to} if debit_to else {}),
			"po_no": po_no,
		},
		items,
		vat_rate,
		submit,
	)


def make_payment(
	invoice: str, amount: float | None = None, *, posting_date=None, reference: str | None = None
):
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", invoice, party_amount=amount)
	payment.posting_date = getdate(posting_date or nowdate())
	payment.reference_no = reference or f"OP-{invoice}"
	payment.reference_date = payment.posting_date
	if amount is not None:
		payment.paid_amount = amount
		payment.received_amount = flt(amount * (payment.source_exchange_rate or 1), 2)
		payment.references[0].allocated_amount = amount
	payment.insert(ignore_permissions=True)
	payment.submit()
	return payment


def make_project(customer: str, name: str, *, start=None, end=None, status: str = "Open", percent: float = 0):
	existing = frappe.db.get_value("Project", {"project_name": name, "customer": customer})
	if existing:
		return frappe.get_doc("Project", existing)
	start = getdate(start or nowdate())
	project = frappe.get_doc(
		{
			"doctype": "Project",
			"project_name": name,
			"customer": customer,
			"company": default_company(),
			"expected_start_date": start,
			"expected_end_date": getdate(end) if end else add_days(start, 60),
			"status": status,
			"percent_complete_method": "Task Progress",
		}
	)
	project.insert(ignore_permissions=True)
	if percent:
		project.db_set("percent_complete", percent)
	return project


def make_task(
	project: str,
	subject: str,
	*,
	start=None,
	end=None,
	progress: float = 0,
	status: str = "Open",
	depends_on: list[str] | tuple[str, ...] = (),
	is_milestone: bool = False,
	is_group: bool = False,
	parent_task: str | None = None,
	visible: bool = True,
):
	task = frappe.get_doc(
		{
			"doctype": "Task",
			"subject": subject,
			"project": project,
			"exp_start_date": getdate(start) if start else None,
			"exp_end_date": getdate(end) if end else None,
			"progress": progress,
			"status": status,
			"is_milestone": 1 if is_milestone else 0,
			"is_group": 1 if is_group else 0,
			"parent_task": parent_task,
			"ralom_portal_visible": 1 if visible else 0,
			"depends_on": [{"task": t} for t in depends_on],
		}
	)
	task.insert(ignore_permissions=True)
	return task


def make_contract(
	customer: str,
	*,
	start=None,
	end=None,
	terms: str = "",
	submit: bool = True,
	signee: str | None = None,
	sent: bool = False,
	fulfilment: list[tuple[str, bool]] | None = None,
	deadline=None,
	document: tuple[str, str] | None = None,
):
	"""A customer contract. `signee` signs it (as the client would); `sent` marks a draft as sent to
	the client for signature (staff's desk button); `fulfilment` is [(requirement, fulfilled)]."""
	start = getdate(start or nowdate())
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": customer,
			"start_date": start,
			"end_date": getdate(end) if end else add_days(start, 365),
			"contract_terms": terms or "<p>Termeni și condiții standard.</p>",
			"is_signed": 1 if signee else 0,
			"signee": signee,
			"signed_on": now_datetime() if signee else None,
			"requires_fulfilment": 1 if fulfilment else 0,
			"fulfilment_deadline": getdate(deadline) if deadline else None,
			"fulfilment_terms": [
				{"requirement": requirement, "fulfilled": 1 if done else 0}
				for requirement, done in fulfilment or ()
			],
			"document_type": document[0] if document else None,
			"document_name": document[1] if document else None,
		}
	)
	contract.insert(ignore_permissions=True)
	if sent:
		from ralom_portal.ralom_portal.doctype.portal_contract_signature import signing

		signing.send_for_signature(contract.name)
		contract.reload()
	if submit and frappe.get_meta("Contract").is_submittable:
		contract.submit()
	return contract


def make_file(
	doctype: str,
	name: str,
	file_name: str,
	content: bytes,
	*,
	shared: bool = False,
	folder: str | None = None,
	internal: bool = False,
	is_private: int = 1,
):
	"""A File attached to `doctype` `name` (staff's upload); `shared`/`folder` for Customer files."""
	doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": is_private,
			"content": content,
			"ralom_portal_shared": 1 if shared else 0,
			"ralom_portal_folder": folder,
			"ralom_portal_internal": 1 if internal else 0,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def _root(doctype: str) -> str:
	"""A leaf of the tree (ERPNext prefers leaves for groups and territories), else its root."""
	from frappe.utils.nestedset import get_root_of

	leaf = frappe.db.get_value(doctype, {"is_group": 0}, "name", order_by="lft asc")
	return leaf or get_root_of(doctype)
