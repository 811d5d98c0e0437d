"""What the quote-request tests share (`test_quote_requests.py`, `test_quote_requests_lifecycle.py`):
a client with a published item and a staff recipient built once a module (the `quote_world` and
`setup` fixtures, imported by both modules), and the submit helpers.
"""

from __future__ import annotations

import io
import zipfile

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.access.refuse import require_client
from ralom_portal.ralom_portal.doctype.quote_request import submission
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.worlds import fresh, module_world, refs

DENIED = "This quote request does not exist or you do not have access to it."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _counts() -> tuple[int, int, int]:
	return (
		frappe.db.count("Quote Request"),
		frappe.db.count("Address"),
		frappe.db.count("File", {"attached_to_doctype": "Quote Request"}),
	)


def _publish(item_code: str, value: int = 1):
	frappe.db.set_value("Item", item_code, "ralom_portal_published", value)


def _xlsx() -> bytes:
	buf = io.BytesIO()
	with zipfile.ZipFile(buf, "w") as z:
		z.writestr("[Content_Types].xml", "<Types/>")
		z.writestr("xl/workbook.xml", "<workbook/>")
	return buf.getvalue()


def _build_quote_world():
	from ralom_portal.tests import factories

	customer, user = factories.client()
	item = factories.item()
	_publish(item.name)
	generic = factories.item()
	staff = factories.staff_user(("Sales User",))
	frappe.db.set_single_value("Client Portal Settings", "generic_item", generic.name)
	frappe.db.set_single_value("Client Portal Settings", "quote_request_recipients", staff.name)
	return refs(customer=customer, user=user, item=item, generic=generic, staff=staff)


def _payload(setup, **kw):
	data = {
		"items": [{"item_code": setup.item.name, "qty": 3}],
		"delivery_option": "Pickup from supplier",
		"requested_date": add_days(nowdate(), 10),
		"remarks": "Vă rugăm ofertă până vineri.",
	}
	data.update(kw)
	return data


def _submit(setup, payload=None, uploads=(), user=None):
	with as_user(user or setup.user.name):
		return submission.create_request(
			require_client(), payload if payload is not None else _payload(setup), uploads
		)


def _refused(setup, payload, message, uploads=(), exc=frappe.ValidationError):
	before = _counts()
	with pytest.raises(exc) as error:
		_submit(setup, payload, uploads)
	assert message in str(error.value), str(error.value)
	assert _counts() == before
	return error


def _address(customer: str, line1="Str. Fabricii 3") -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": customer,
			"address_type": "Shipping",
			"address_line1": line1,
			"city": "Cluj-Napoca",
			"country": "Romania",
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	).insert(ignore_permissions=True)
	return doc.name


@pytest.fixture
def quote_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_quote_world)


@pytest.fixture
def setup(quote_world, factories):
	"""A client (customer + portal user), a published item and a staff recipient (fresh copies)."""
	return fresh({**quote_world, "factories": factories})
