"""The records and path spellings of the website-route matrix (`test_isolation_routes_http.py`,
`test_isolation_website_http.py`).

Frappe resolves website paths loosely (spaces and their encodings, `.html`, case, DocType names as
routes, print routes, `/list?doctype=`). The paths below spell every such route for every doctype
a client could be curious about; `build()` makes one record of each for client A and for client B
(committed, idempotent: reused across runs).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import frappe
from frappe.utils import now_datetime, nowdate

from ralom_portal.access import doctypes as registry
from ralom_portal.demo.dataset import CLIENTS
from ralom_portal.tests import http_actors

MARK = "ralom-route-matrix"
MISSING = "RALOM-MISSING-0000"

# Every registered portal doctype (access/doctypes.py) plus ERPNext's neighbours a client could probe.
PORTAL_DOCTYPES = registry.names()
OTHER_DOCTYPES = (
	"Customer",
	"Sales Order",
	"Delivery Note",
	"Address",
	"Contact",
	"Issue",
	"Timesheet",
	"Tag Link",
	"Event",
	"Communication",
	"Comment",
)
MATRIX_DOCTYPES = PORTAL_DOCTYPES + OTHER_DOCTYPES
# Who the matrix asks (the modules log in staff as well, to show that desk users keep their pages).
ACTORS = ("client_a", "client_b", "unlinked_website_user", "guest")

# ERPNext's and Frappe's own website pages that show records, under their usual spellings.
ERPNEXT_PAGES = (
	"/invoices",
	"/invoices.html",
	"/invoices%20",
	"/%20invoices",
	"/Invoices",
	"/orders",
	"/order",
	"/shipments",
	"/addresses",
	"/timesheets",
	"/issues",
	"/rfq",
	"/material-requests",
	"/material_request_info",
	"/task_info",
	"/timelog_info",
	"/purchase-orders",
	"/purchase-invoices",
	"/supplier-quotations",
	"/newsletters",
	"/list",
	"/printview",
	"/%20printview",
	"/printpreview",
	"/search?q=a",
	"/third_party_apps",
	"/complete_signup",
	"/help",
	"/support",
	"/all-products",
	"/book-appointment",
)


def _insert(doc: dict) -> str:
	"""A record that only needs to exist (routes are the subject here, not ERPNext's validations)."""
	d = frappe.get_doc(doc)
	d.flags.ignore_validate = True
	d.flags.ignore_mandatory = True
	d.flags.ignore_links = True
	d.insert(ignore_permissions=True)
	return d.name


def _records_of(customer: str) -> dict[str, str | None]:
	"""One record per matrix doctype that belongs to (or names) `customer`; created once, committed."""
	get = frappe.db.get_value
	project = get("Project", {"customer": customer})
	quotation = get("Quotation", {"party_name": customer, "docstatus": 1}) or get(
		"Quotation", {"party_name": customer}
	)
	item = frappe.db.get_value("Item", {"is_sales_item": 1, "disabled": 0})
	company = get("Company", {}, "name")
	today = nowdate()
	subject = f"{MARK} {customer}"

	def ensure(doctype, filters, doc):
		return get(doctype, filters) or _insert({"doctype": doctype, **doc})

	records = {
		"Quotation": quotation,
		"Sales Invoice": get("Sales Invoice", {"customer": customer}),
		"Payment Entry": get("Payment Entry", {"party": customer}),
		"Project": project,
		"Task": get("Task", {"project": project}) if project else None,
		"Contract": get("Contract", {"party_name": customer}),
		"Quote Request": get("Quote Request", {"customer": customer}),
		"GL Entry": get("GL Entry", {"party_type": "Customer", "party": customer, "is_cancelled": 0}),
		"Journal Entry": get(
			"Journal Entry Account", {"party_type": "Customer", "party": customer, "docstatus": 1}, "parent"
		),
		"Support Ticket": get("Support Ticket", {"customer": customer}),
		"Support Ticket Message": get(
			"Support Ticket Message", {"ticket": get("Support Ticket", {"customer": customer}), "internal": 0}
		),
		"Customer Shipment": get("Customer Shipment", {"customer": customer, "status": ("!=", "Cancelled")}),
		"File": get("File", {"file_name": f"{MARK}-{customer}.txt"})
		or _insert(
			{
				"doctype": "File",
				"file_name": f"{MARK}-{customer}.txt",
				"attached_to_doctype": "Quotation",
				"attached_to_name": quotation,
				"is_private": 1,
				"content": b"internal",
			}
		),
		"Customer": customer,
		"Sales Order": ensure(
			"Sales Order",
			{"customer": customer},
			{
				"customer": customer,
				"company": company,
				"transaction_date": today,
				"delivery_date": today,
				"items": [{"item_code": item, "qty": 1, "rate": 100, "delivery_date": today}],
			},
		),
		"Delivery Note": ensure(
			"Delivery Note",
			{"customer": customer},
			{
				"customer": customer,
				"company": company,
				"posting_date": today,
				"items": [{"item_code": item, "qty": 1, "rate": 100}],
			},
		),
		"Address": frappe.db.get_value(
			"Dynamic Link",
			{"link_doctype": "Customer", "link_name": customer, "parenttype": "Address"},
			"parent",
		)
		or _insert(
			{
				"doctype": "Address",
				"address_title": f"{MARK} {customer}",
				"address_type": "Billing",
				"address_line1": "Strada Exemplu 1",
				"city": "Iași",
				"country": "Romania",
				"links": [{"link_doctype": "Customer", "link_name": customer}],
			}
		),
		"Contact": frappe.db.get_value(
			"Dynamic Link",
			{"link_doctype": "Customer", "link_name": customer, "parenttype": "Contact"},
			"parent",
		),
		"Issue": ensure("Issue", {"subject": subject}, {"subject": subject, "customer": customer}),
		"Timesheet": ensure(
			"Timesheet",
			{"customer": customer, "note": subject},
			{
				"customer": customer,
				"parent_project": project,
				"note": subject,
				"company": company,
				"time_logs": [{"hours": 1, "project": project, "from_time": now_datetime()}],
			},
		),
		"Tag Link": None,
		"Event": ensure(
			"Event",
			{"subject": subject},
			{
				"subject": subject,
				"starts_on": now_datetime(),
				"event_type": "Public",
				"event_participants": [{"reference_doctype": "Customer", "reference_docname": customer}],
			},
		),
		"Communication": ensure(
			"Communication",
			{"subject": subject},
			{
				"subject": subject,
				"communication_type": "Communication",
				"sent_or_received": "Sent",
				"content": "internal",
				"reference_doctype": "Quotation",
				"reference_name": quotation,
			},
		),
		"Comment": ensure(
			"Comment",
			{"content": subject},
			{
				"comment_type": "Comment",
				"reference_doctype": "Quotation",
				"reference_name": quotation,
				"content": subject,
			},
		),
	}
	# Staff tag the client's offer: /Tag%20Link must not list it.
	if not get("Tag Link", {"document_type": "Quotation", "document_name": quotation}):
		from frappe.desk.doctype.tag.tag import DocTags

		DocTags("Quotation").add(quotation, MARK)
	records["Tag Link"] = get("Tag Link", {"document_type": "Quotation", "document_name": quotation})
	return records


def build():
	"""Both clients' records of every matrix doctype and the committed actors (idempotent)."""
	frappe.set_user("Administrator")
	a, b = CLIENTS[0]["name"], CLIENTS[1]["name"]
	http_actors.commit_users()
	records = {"a": _records_of(a), "b": _records_of(b)}
	frappe.db.commit()
	assert set(MATRIX_DOCTYPES) <= set(records["a"]), (
		"add a record of each client for every registered doctype"
	)
	assert all(records["a"].values()), records["a"]
	names = {n for side in records.values() for n in side.values() if n}
	return frappe._dict(a=a, b=b, records=records, names=names)


def doctype_paths(doctype: str) -> list[str]:
	"""DocType routes (Frappe's list page) under every spelling."""
	enc = quote(doctype)
	return [
		f"/{enc}",
		f"/{quote(doctype.lower())}",
		f"/%20{enc}",
		f"/{enc}%20",
		f"/{enc}.html",
		f"/{quote(doctype.lower().replace(' ', '-'))}",
		f"/list?doctype={enc}",
		f"/%20list.html?doctype={enc}",
	]


# ERPNext's portal routes for one record, by doctype.
ERPNEXT_RECORD_ROUTES = {
	"Sales Order": ("/orders/{n}", "/%20orders/{n}"),
	"Sales Invoice": ("/invoices/{n}", "/%20invoices/{n}", "/invoices/{n}.html"),
	"Delivery Note": ("/shipments/{n}",),
	"Task": ("/task_info?task={n}",),
	"Timesheet": ("/timelog_info?timelog={n}",),
}


def record_paths(doctype: str, name: str) -> list[str]:
	"""Print, document and ERPNext portal routes for one record, under every spelling."""
	enc, n = quote(doctype), quote(name, safe="")
	settings = quote(json.dumps({"compact_item_print": 1}))
	paths = [
		f"/{enc}/{n}",
		f"/{quote(doctype.lower())}/{n}",
		f"/%20{enc}/{n}",
		f"/{enc}/{n}.html",
		f"/{enc}/{n}?format=Standard&settings={settings}",
		f"/printview?doctype={enc}&name={n}",
		f"/%20printview?doctype={enc}&name={n}&format=Standard&settings={settings}",
		f"/order?doctype={enc}&name={n}",
	]
	return paths + [route.format(n=n) for route in ERPNEXT_RECORD_ROUTES.get(doctype, ())]


def canonical_404(client) -> str:
	r = client.get("/ralom-no-such-page")
	assert r.status_code == 404, r.status_code
	return r.text
