"""What the file tests share (`test_files.py`, `test_files_http.py`): sample contents of each kind,
and the in-process world: client A's files on every record kind, what A must not see, and client
B's files.
"""

from __future__ import annotations

import frappe

from ralom_portal.portal.queries import files as queries

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image(i: int = 0, fmt: str = "JPEG") -> bytes:
	"""A real, distinct image (Frappe re-encodes images to strip EXIF, so magic bytes alone fail)."""
	import io

	from PIL import Image

	out = io.BytesIO()
	Image.new("RGB", (8, 8), (i % 256, (i * 7) % 256, 90)).save(out, format=fmt)
	return out.getvalue()


PNG = _image(1, "PNG")
JPEG = _image(2)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
EXE = b"MZ\x90\x00\x03" + b"\x00" * 200
NOT_FOUND = "File not found."
DELETE_REFUSED = "You can delete only files you uploaded yourself."


def _names(customers, **filters) -> set[str]:
	base = {"type": None, "record": None, "text": None, "page": 1}
	result = queries.library(customers, base | filters)
	assert result["pages"] == 1, "use a filter that fits one page"
	return {f.name for f in result["files"]}


def _quote_request(customer: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Quote Request",
				"customer": customer,
				"delivery_option": "Pickup from supplier",
				"items": [{"description": "Linie", "qty": 1, "uom": "Nos"}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _build_world():
	from ralom_portal.tests import factories as f

	a, a_user = f.client()
	a_other = f.portal_user(a.name)
	b, b_user = f.client()
	offer = f.quotation(a.name)
	draft = f.quotation(a.name, submit=False)
	invoice = f.sales_invoice(a.name)
	project, tasks = f.project(a.name, tasks=2)
	frappe.db.set_value("Task", tasks[1].name, "ralom_portal_visible", 0)
	contract = f.contract(a.name)
	request = _quote_request(a.name)
	b_project, _ = f.project(b.name, tasks=0)
	mine = {
		"offer": f.file("Quotation", offer.name, "Ofertă tehnică.pdf").name,
		"invoice": f.file("Sales Invoice", invoice.name, "Factură anexă.pdf").name,
		"project_photo": f.file("Project", project.name, "Foto șantier.jpg", JPEG).name,
		"task": f.file("Task", tasks[0].name, "Releveu.png", PNG).name,
		"contract": f.file("Contract", contract.name, "Contract semnat.pdf").name,
		"request": f.file("Quote Request", request, "Plan.pdf").name,
		"shared": f.file(
			"Customer", a.name, "Listă prețuri.pdf", shared=True, folder="Liste de prețuri"
		).name,
		"shared_drawing": f.file("Customer", a.name, "Plan E-01.dxf", b"0\nSECTION\n", shared=True).name,
	}
	hidden = {
		"internal": f.file("Project", project.name, "Marjă internă.pdf", internal=True).name,
		"internal_shared": f.file("Customer", a.name, "Intern.pdf", shared=True, internal=True).name,
		"unshared_customer": f.file("Customer", a.name, "Evaluare client.pdf").name,
		"draft": f.file("Quotation", draft.name, "Ciornă.pdf").name,
		"hidden_task": f.file("Task", tasks[1].name, "Task ascuns.pdf").name,
		"b_project": f.file("Project", b_project.name, "Proiect B.pdf").name,
		"b_shared": f.file("Customer", b.name, "Prețuri B.pdf", shared=True).name,
	}
	return frappe._dict(
		a=a.name,
		b=b.name,
		a_user=a_user.name,
		a_other=a_other.name,
		b_user=b_user.name,
		mine=mine,
		hidden=hidden,
		project=project.name,
		task=tasks[0].name,
		offer=offer.name,
		draft=draft.name,
		request=request,
	)
