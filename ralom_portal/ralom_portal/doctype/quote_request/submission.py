"""Quote requests sent from the portal: validation and the writes behind `api.quote_requests`.

* `create_request(customer, payload, files)`: the whole payload, files included, is validated
  before anything is written, and the writes (Address, Quote Request, Files, notifications) happen
  under one savepoint: a refusal stores nothing. The customer comes from the caller (the session's),
  never from the payload; `customer`, `status`, `docstatus`, `owner`, rates and any other unknown key
  are ignored.
* Idempotency (`utils.idempotency.create_once`): the form sends a random `submission_key`; a second
  submission with the same key (double click, retry) returns the first request. Without a key, an
  identical payload from the same user within `idempotency.DUPLICATE_WINDOW` seconds also returns the
  first request. A unique index on `Quote Request.submission_key` settles concurrent duplicates.
* `attach_files(name, files)`: more files on a request that is not closed or cancelled.
* `cancel_request(name)`: only before the request was quoted.
* Frappe caps one HTTP request at System Settings' max file size (25 MB by default), so the files of
  one submission together must fit under that; more can be added with `attach_files`.

Callers check access first (`access.refuse`).
"""

from __future__ import annotations

import math
import re

import frappe
from frappe import _
from frappe.utils import add_years, escape_html, getdate, nowdate

from ralom_portal.access.refuse import deny
from ralom_portal.ralom_portal.doctype.quote_request.address import create_address, delivery_address
from ralom_portal.ralom_portal.doctype.quote_request.notifications import notify_sales_team
from ralom_portal.ralom_portal.doctype.quote_request.quote_request import (
	CANCELLABLE,
	DELIVERY_OPTIONS,
	DELIVERY_TO_ADDRESS,
)
from ralom_portal.utils import idempotency, uploads
from ralom_portal.utils.form_json import parse_object
from ralom_portal.utils.text import plain_text

DOCTYPE = "Quote Request"
MAX_LINES = 100
MAX_QTY = 1_000_000
MAX_REMARKS = 5000
MAX_DESCRIPTION = 1000
MAX_NOTE = 500
MAX_FILES = 5
MAX_FILES_PER_REQUEST = 10
MAX_FILE_MB = 10
MAX_FILE_SIZE = MAX_FILE_MB * 1024 * 1024
MAX_PAYLOAD = 200_000
DEFAULT_UOM = "Nos"
EXTENSIONS = uploads.EXTENSIONS


class QuoteRequestError(frappe.ValidationError):
	pass


def refuse_invalid_quote_request(message: str):
	frappe.throw(message, QuoteRequestError, title=_("Quote request"))


def quote_request_denied_message() -> str:
	return _("This quote request does not exist or you do not have access to it.")


def _text(value, label: str, max_len: int, *, required: bool = False) -> str:
	return plain_text(value, label, max_len, fail=refuse_invalid_quote_request, required=required)


def request_files() -> list[tuple[str, bytes]]:
	"""The files of the current multipart request."""
	return uploads.request_files(MAX_FILES, MAX_FILE_SIZE, refuse_invalid_quote_request)


def validate_files(files) -> list[dict]:
	return uploads.validate(
		files, max_files=MAX_FILES, max_size=MAX_FILE_SIZE, fail=refuse_invalid_quote_request
	)


def create_request(customer: str, payload, files=()) -> dict:
	"""Validate everything, then write the request (and its address and files) all at once."""
	user = frappe.session.user
	clean = validate_payload(customer, payload)
	files = validate_files(files)
	content_hash = idempotency.payload_hash(user, customer, clean, files)
	key = idempotency.idempotency_key(user, clean.pop("submission_key"), content_hash)

	def build():
		address = clean.pop("delivery_address")
		new_address = clean.pop("new_address")
		if new_address:
			address = create_address(customer, new_address)
		return frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"customer": customer,
				"requested_by": user,
				"status": "Submitted",
				"request_date": nowdate(),
				"delivery_address": address,
				**clean,
			}
		)

	def after(doc):
		uploads.save(DOCTYPE, doc.name, files)
		notify_sales_team(doc)

	return idempotency.create_once(DOCTYPE, key=key, content_hash=content_hash, build=build, after=after)


def cancel_request(name: str) -> dict:
	row = frappe.db.sql("select status from `tabQuote Request` where name = %s for update", name)
	if not row:
		deny(quote_request_denied_message())
	if row[0][0] not in CANCELLABLE:
		refuse_invalid_quote_request(
			_("This request can no longer be cancelled: it has already been quoted or closed.")
		)
	doc = frappe.get_doc(DOCTYPE, name)
	doc.status = "Cancelled"
	doc.flags.ignore_permissions = True
	doc.save(ignore_permissions=True)
	return {"name": name, "status": doc.status}


def attach_files(name: str, files) -> dict:
	row = frappe.db.sql("select status from `tabQuote Request` where name = %s for update", name)
	if not row:
		deny(quote_request_denied_message())
	if row[0][0] in ("Closed", "Cancelled"):
		refuse_invalid_quote_request(_("Files cannot be added to a closed or cancelled request."))
	files = validate_files(files)
	if not files:
		refuse_invalid_quote_request(_("Choose at least one file."))
	existing = frappe.db.count("File", {"attached_to_doctype": DOCTYPE, "attached_to_name": name})
	if existing + len(files) > MAX_FILES_PER_REQUEST:
		refuse_invalid_quote_request(
			_("A request can have at most {0} attachments.").format(MAX_FILES_PER_REQUEST)
		)
	frappe.db.savepoint("ralom_quote_request_attach")
	try:
		saved = uploads.save(DOCTYPE, name, files)
	except Exception:
		frappe.db.rollback(save_point="ralom_quote_request_attach")
		raise
	return {"name": name, "files": saved}


def parse(data) -> dict:
	"""The form's `data` field as a dict, or a translated QuoteRequestError."""
	messages = (
		_("The request is empty."),
		_("The request is too large."),
		_("The request could not be read."),
	)
	return parse_object(data, max_length=MAX_PAYLOAD, fail=refuse_invalid_quote_request, messages=messages)


def _qty(value, line: int) -> float:
	bad = _("Line {0}: the quantity must be a number greater than 0.").format(line)
	if isinstance(value, bool) or value is None:
		refuse_invalid_quote_request(bad)
	if isinstance(value, str):
		value = value.strip().replace(",", ".")
		if not re.fullmatch(r"[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?", value, re.I):
			refuse_invalid_quote_request(bad)
	try:
		qty = float(value)
	except (TypeError, ValueError, OverflowError):
		refuse_invalid_quote_request(bad)
	if not math.isfinite(qty) or qty <= 0:
		refuse_invalid_quote_request(bad)
	if qty > MAX_QTY:
		refuse_invalid_quote_request(
			_("Line {0}: the quantity can be at most {1}.").format(line, f"{MAX_QTY:,}".replace(",", "."))
		)
	qty = round(qty, 3)
	if qty <= 0:
		refuse_invalid_quote_request(bad)
	return qty


def validate_payload(customer: str, payload) -> dict:
	"""The cleaned request (only known keys), or a translated QuoteRequestError. Writes nothing."""
	if not isinstance(payload, dict):
		refuse_invalid_quote_request(_("The request could not be read."))

	items = _lines(payload.get("items"))

	option = payload.get("delivery_option")
	if option not in DELIVERY_OPTIONS:
		refuse_invalid_quote_request(_("Please choose a delivery option."))
	address, new_address = None, None
	if option == DELIVERY_TO_ADDRESS:
		address, new_address = delivery_address(
			customer,
			payload.get("delivery_address"),
			payload.get("new_address"),
			_text,
			refuse_invalid_quote_request,
		)

	requested_date = payload.get("requested_date") or None
	if requested_date is not None:
		if not isinstance(requested_date, str) or not re.fullmatch(
			r"\d{4}-\d{2}-\d{2}", requested_date.strip()
		):
			refuse_invalid_quote_request(_("Please enter a valid requested date."))
		try:
			requested_date = getdate(requested_date.strip())
		except Exception:
			refuse_invalid_quote_request(_("Please enter a valid requested date."))
		if requested_date < getdate(nowdate()):
			refuse_invalid_quote_request(_("The requested date cannot be in the past."))
		if requested_date > getdate(add_years(nowdate(), 3)):
			refuse_invalid_quote_request(_("The requested date is too far in the future."))
		requested_date = requested_date.isoformat()

	remarks = _text(payload.get("remarks"), _("Remarks"), MAX_REMARKS)

	return {
		"items": items,
		"delivery_option": option,
		"delivery_address": address,
		"new_address": new_address,
		"requested_date": requested_date,
		"remarks": remarks or None,
		"submission_key": idempotency.client_key(payload.get("submission_key")),
	}


def _lines(raw) -> list[dict]:
	if not isinstance(raw, list) or not raw:
		refuse_invalid_quote_request(_("Add at least one line to the request."))
	if len(raw) > MAX_LINES:
		refuse_invalid_quote_request(_("A request can have at most {0} lines.").format(MAX_LINES))
	codes = []
	for row in raw:
		if not isinstance(row, dict):
			refuse_invalid_quote_request(_("The request could not be read."))
		code = row.get("item_code")
		if code not in (None, ""):
			if not isinstance(code, str) or len(code) > 140:
				refuse_invalid_quote_request(_("An item in the request is not available in the catalogue."))
			codes.append(code)
	catalogue = _catalogue(codes)
	uoms = _uoms(codes, [row.get("uom") for row in raw])

	lines = []
	for i, row in enumerate(raw, start=1):
		code = row.get("item_code") or None
		qty = _qty(row.get("qty"), i)
		note = _text(row.get("line_note"), _("Line {0}: the note").format(i), MAX_NOTE)
		uom = row.get("uom") or None
		if uom is not None and (not isinstance(uom, str) or len(uom) > 140):
			refuse_invalid_quote_request(_("Line {0}: this unit of measure is not valid.").format(i))
		if code:
			item = catalogue.get(code)
			if not item:
				refuse_invalid_quote_request(
					_("Line {0}: item {1} is not available in the catalogue.").format(i, escape_html(code))
				)
			uom = uom or item.stock_uom
			if uom != item.stock_uom and (code, uom) not in uoms["conversions"]:
				refuse_invalid_quote_request(_("Line {0}: this unit of measure is not valid.").format(i))
			lines.append(
				{
					"item_code": code,
					"item_name": item.item_name,
					"qty": qty,
					"uom": uom,
					"line_note": note or None,
				}
			)
		else:
			description = _text(
				row.get("description"),
				_("Line {0}: the description").format(i),
				MAX_DESCRIPTION,
				required=True,
			)
			uom = uom or DEFAULT_UOM
			if uom not in uoms["known"]:
				refuse_invalid_quote_request(_("Line {0}: this unit of measure is not valid.").format(i))
			lines.append({"description": description, "qty": qty, "uom": uom, "line_note": note or None})
	return lines


def _catalogue(codes: list[str]) -> dict:
	if not codes:
		return {}
	rows = frappe.db.sql(
		"""select name, item_name, stock_uom from `tabItem`
		where name in %(codes)s and ralom_portal_published = 1 and disabled = 0 and is_sales_item = 1
			and has_variants = 0""",
		{"codes": tuple(set(codes))},
		as_dict=True,
	)
	return {r.name: r for r in rows}


def _uoms(codes: list[str], asked) -> dict:
	asked = tuple({u for u in asked if isinstance(u, str) and u} | {DEFAULT_UOM})
	known = {
		r[0] for r in frappe.db.sql("select name from `tabUOM` where name in %s and enabled = 1", [asked])
	}
	conversions = set()
	if codes:
		conversions = {
			(r[0], r[1])
			for r in frappe.db.sql(
				"""select parent, uom from `tabUOM Conversion Detail`
				where parenttype = 'Item' and parent in %s""",
				[tuple(set(codes))],
			)
		}
	return {"known": known, "conversions": conversions}
