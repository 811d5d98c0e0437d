"""Quote requests ("Cerere Ofertă") from the client portal: create, cancel, attach, item search.

* `submit(data)` — POST, rate-limited. `data` is a JSON object (see `validate_payload`); drawings and
  specifications come in the same multipart request as `files` (several). The whole payload,
  files included, is validated before anything is written, and the writes (Address, Quote Request,
  Files, notifications) happen in one transaction: a refusal stores nothing. The customer comes
  from the session (`primary_customer`), never from the payload; `customer`, `status`,
  `docstatus`, `owner`, rates and any other unknown key are ignored.
* Idempotency: the form sends a random `submission_key`; a second submission with the same key
  (double click, retry) returns the first request. Without a key, an identical payload from the same
  user within `DUPLICATE_WINDOW` seconds also returns the first request. A unique index on
  `Quote Request.submission_key` settles concurrent duplicates.
* `attach(name)` — POST, one or more `files` added to an existing request of the client that is
  not closed or cancelled (same checks as in `submit`).
* `cancel(name)` — POST; only before the request was quoted.
* Frappe caps one HTTP request at System Settings' max file size (25 MB by default), so the files of
  one `submit` together must fit under that; more can be added with `attach`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import time
import zipfile

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import add_years, cstr, escape_html, getdate, nowdate

from ralom_portal.access import rules
from ralom_portal.access.customers import is_desk_user, primary_customer
from ralom_portal.ralom_portal.doctype.quote_request.quote_request import (
	CANCELLABLE,
	DELIVERY_TO_ADDRESS,
	notify_sales_team,
)

DOCTYPE = "Quote Request"
DELIVERY_OPTIONS = (DELIVERY_TO_ADDRESS, "Pickup from supplier", "Client's own transport")
MAX_LINES = 100
MAX_QTY = 1_000_000
MAX_REMARKS = 5000
MAX_DESCRIPTION = 1000
MAX_NOTE = 500
MAX_ADDRESS_FIELD = 140
MAX_FILES = 5
MAX_FILES_PER_REQUEST = 10
MAX_FILE_MB = 10
MAX_FILE_SIZE = MAX_FILE_MB * 1024 * 1024
MAX_PAYLOAD = 200_000
DUPLICATE_WINDOW = 10  # seconds
DEFAULT_UOM = "Nos"
DEFAULT_COUNTRY = "Romania"
EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "dwg", "dxf", "xlsx", "docx", "zip")
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "pincode", "country")

_UNSAFE = re.compile(r"<\s*/?\s*[a-z!?]|javascript\s*:|\bon[a-z]+\s*=|&#", re.I)
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class QuoteRequestError(frappe.ValidationError):
	pass


def _fail(message: str):
	frappe.throw(message, QuoteRequestError, title=_("Quote request"))


def _denied():
	frappe.throw(
		_("This quote request does not exist or you do not have access to it."), frappe.PermissionError
	)


def _customer() -> str:
	"""The customer the current portal user files requests under; staff and unlinked users get none."""
	if frappe.session.user == "Guest" or is_desk_user():
		frappe.throw(_("Quote requests are sent from a client account."), frappe.PermissionError)
	customer = primary_customer()
	if not customer:
		frappe.throw(_("Your account is not linked to a client company yet."), frappe.PermissionError)
	return customer


def _check_access(name) -> str:
	if not isinstance(name, str) or not name or len(name) > 140:
		_denied()
	if is_desk_user() or not rules.can_see(DOCTYPE, name, frappe.session.user):
		_denied()
	return name


# Endpoints ---------------------------------------------------------------------------------------


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=120, seconds=60)
def search_items(txt: str | None = None):
	"""Published catalogue items matching `txt` (code or name), at most 20."""
	_customer()
	txt = cstr(txt).strip()[:100]
	like = "%" + txt.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
	return frappe.db.sql(
		"""select name as item_code, item_name, stock_uom
		from `tabItem`
		where ralom_portal_published = 1 and disabled = 0 and is_sales_item = 1 and has_variants = 0
			and (name like %(like)s or item_name like %(like)s)
		order by item_name, name
		limit 20""",
		{"like": like},
		as_dict=True,
	)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def submit(data=None):
	customer = _customer()
	return create_request(customer, _parse(data), _uploaded_files())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def cancel(name: str | None = None):
	name = _check_access(name)
	return cancel_request(name)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def attach(name: str | None = None):
	name = _check_access(name)
	return attach_files(name, _uploaded_files())


# Logic (also used by tests and the demo loader as the client's user) ------------------------------


def create_request(customer: str, payload, uploads=()) -> dict:
	"""Validate everything, then write the request (and its address and files) all at once."""
	user = frappe.session.user
	clean = validate_payload(customer, payload)
	files = validate_files(uploads)

	payload_hash = _payload_hash(user, customer, clean, files)
	client_key = clean.pop("submission_key")
	key = hashlib.sha256(
		(
			f"{user}:key:{client_key}"
			if client_key
			else f"{payload_hash}:{int(time.time()) // DUPLICATE_WINDOW}"
		).encode()
	).hexdigest()
	existing = _duplicate(key, payload_hash)
	if existing:
		return {"name": existing, "duplicate": True}

	frappe.db.savepoint("ralom_quote_request")
	try:
		address = clean.pop("delivery_address")
		new_address = clean.pop("new_address")
		if new_address:
			address = _create_address(customer, new_address)
		doc = frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"customer": customer,
				"requested_by": user,
				"status": "Submitted",
				"request_date": nowdate(),
				"delivery_address": address,
				"submission_key": key,
				"payload_hash": payload_hash,
				**clean,
			}
		)
		doc.flags.ignore_permissions = True
		try:
			doc.insert(ignore_permissions=True)
		except Exception as e:
			if isinstance(
				e, frappe.UniqueValidationError | frappe.DuplicateEntryError
			) or frappe.db.is_unique_key_violation(e):
				frappe.db.rollback(save_point="ralom_quote_request")
				frappe.local.message_log = []
				existing = frappe.db.sql(
					"select name from `tabQuote Request` where submission_key = %s for update", key
				)
				if existing:
					return {"name": existing[0][0], "duplicate": True}
			raise
		_save_files(doc.name, files)
		notify_sales_team(doc)
	except Exception:
		frappe.db.rollback(save_point="ralom_quote_request")
		raise
	return {"name": doc.name, "duplicate": False}


def cancel_request(name: str) -> dict:
	row = frappe.db.sql("select status from `tabQuote Request` where name = %s for update", name)
	if not row:
		_denied()
	if row[0][0] not in CANCELLABLE:
		_fail(_("This request can no longer be cancelled: it has already been quoted or closed."))
	doc = frappe.get_doc(DOCTYPE, name)
	doc.status = "Cancelled"
	doc.flags.ignore_permissions = True
	doc.save(ignore_permissions=True)
	return {"name": name, "status": doc.status}


def attach_files(name: str, uploads) -> dict:
	row = frappe.db.sql("select status from `tabQuote Request` where name = %s for update", name)
	if not row:
		_denied()
	if row[0][0] in ("Closed", "Cancelled"):
		_fail(_("Files cannot be added to a closed or cancelled request."))
	files = validate_files(uploads)
	if not files:
		_fail(_("Choose at least one file."))
	existing = frappe.db.count("File", {"attached_to_doctype": DOCTYPE, "attached_to_name": name})
	if existing + len(files) > MAX_FILES_PER_REQUEST:
		_fail(_("A request can have at most {0} attachments.").format(MAX_FILES_PER_REQUEST))
	frappe.db.savepoint("ralom_quote_request_attach")
	try:
		saved = _save_files(name, files)
	except Exception:
		frappe.db.rollback(save_point="ralom_quote_request_attach")
		raise
	return {"name": name, "files": saved}


# Validation ----------------------------------------------------------------------------------------


def _parse(data) -> dict:
	if isinstance(data, dict):
		return data
	if not isinstance(data, str) or not data.strip():
		_fail(_("The request is empty."))
	if len(data) > MAX_PAYLOAD:
		_fail(_("The request is too large."))
	try:
		parsed = json.loads(data)
	except ValueError:
		_fail(_("The request could not be read."))
	if not isinstance(parsed, dict):
		_fail(_("The request could not be read."))
	return parsed


def _text(value, label: str, max_len: int, *, required: bool = False) -> str:
	if value is None:
		value = ""
	if isinstance(value, bool) or not isinstance(value, str | int | float):
		_fail(_("{0} must be text.").format(label))
	value = cstr(value).strip()
	if required and not value:
		_fail(_("{0} is required.").format(label))
	if len(value) > max_len:
		_fail(_("{0} can be at most {1} characters long.").format(label, max_len))
	if _UNSAFE.search(value):
		_fail(_("{0} may not contain HTML or scripts.").format(label))
	return value


def _qty(value, line: int) -> float:
	bad = _("Line {0}: the quantity must be a number greater than 0.").format(line)
	if isinstance(value, bool) or value is None:
		_fail(bad)
	if isinstance(value, str):
		value = value.strip().replace(",", ".")
		if not re.fullmatch(r"[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?", value, re.I):
			_fail(bad)
	try:
		qty = float(value)
	except (TypeError, ValueError, OverflowError):
		_fail(bad)
	if not math.isfinite(qty) or qty <= 0:
		_fail(bad)
	if qty > MAX_QTY:
		_fail(_("Line {0}: the quantity can be at most {1}.").format(line, f"{MAX_QTY:,}".replace(",", ".")))
	qty = round(qty, 3)
	if qty <= 0:
		_fail(bad)
	return qty


def validate_payload(customer: str, payload) -> dict:
	"""The cleaned request (only known keys), or a translated QuoteRequestError. Writes nothing."""
	if not isinstance(payload, dict):
		_fail(_("The request could not be read."))

	items = _lines(payload.get("items"))

	option = payload.get("delivery_option")
	if option not in DELIVERY_OPTIONS:
		_fail(_("Please choose a delivery option."))
	address, new_address = None, None
	if option == DELIVERY_TO_ADDRESS:
		address, new_address = _address(customer, payload.get("delivery_address"), payload.get("new_address"))

	requested_date = payload.get("requested_date") or None
	if requested_date is not None:
		if not isinstance(requested_date, str) or not re.fullmatch(
			r"\d{4}-\d{2}-\d{2}", requested_date.strip()
		):
			_fail(_("Please enter a valid requested date."))
		try:
			requested_date = getdate(requested_date.strip())
		except Exception:
			_fail(_("Please enter a valid requested date."))
		if requested_date < getdate(nowdate()):
			_fail(_("The requested date cannot be in the past."))
		if requested_date > getdate(add_years(nowdate(), 3)):
			_fail(_("The requested date is too far in the future."))
		requested_date = requested_date.isoformat()

	remarks = _text(payload.get("remarks"), _("Remarks"), MAX_REMARKS)

	key = payload.get("submission_key") or None
	if key is not None and (not isinstance(key, str) or not _KEY.match(key)):
		key = None

	return {
		"items": items,
		"delivery_option": option,
		"delivery_address": address,
		"new_address": new_address,
		"requested_date": requested_date,
		"remarks": remarks or None,
		"submission_key": key,
	}


def _lines(raw) -> list[dict]:
	if not isinstance(raw, list) or not raw:
		_fail(_("Add at least one line to the request."))
	if len(raw) > MAX_LINES:
		_fail(_("A request can have at most {0} lines.").format(MAX_LINES))
	codes = []
	for row in raw:
		if not isinstance(row, dict):
			_fail(_("The request could not be read."))
		code = row.get("item_code")
		if code not in (None, ""):
			if not isinstance(code, str) or len(code) > 140:
				_fail(_("An item in the request is not available in the catalogue."))
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
			_fail(_("Line {0}: this unit of measure is not valid.").format(i))
		if code:
			item = catalogue.get(code)
			if not item:
				_fail(_("Line {0}: item {1} is not available in the catalogue.").format(i, escape_html(code)))
			uom = uom or item.stock_uom
			if uom != item.stock_uom and (code, uom) not in uoms["conversions"]:
				_fail(_("Line {0}: this unit of measure is not valid.").format(i))
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
				_fail(_("Line {0}: this unit of measure is not valid.").format(i))
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


def _address(customer: str, name, new) -> tuple[str | None, dict | None]:
	if name:
		if (
			not isinstance(name, str)
			or len(name) > 140
			or not frappe.db.sql(
				"""select 1 from `tabAddress` a
			join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
			where a.name = %s and a.disabled = 0 and dl.link_doctype = 'Customer' and dl.link_name = %s
			limit 1""",
				(name, customer),
			)
		):
			_fail(_("Please choose one of your company's addresses."))
		return name, None
	if isinstance(new, dict) and any(new.get(f) for f in ADDRESS_FIELDS):
		labels = {
			"address_line1": _("Address"),
			"address_line2": _("Address line 2"),
			"city": _("City"),
			"state": _("County"),
			"pincode": _("Postal code"),
			"country": _("Country"),
		}
		clean = {
			f: _text(new.get(f), labels[f], MAX_ADDRESS_FIELD, required=f in ("address_line1", "city"))
			for f in ADDRESS_FIELDS
		}
		clean["country"] = clean["country"] or DEFAULT_COUNTRY
		if not frappe.db.exists("Country", clean["country"]):
			_fail(_("Please choose a valid country."))
		return None, clean
	_fail(_("Please choose a delivery address or enter a new one."))


def _create_address(customer: str, fields: dict) -> str:
	title = frappe.db.get_value("Customer", customer, "customer_name") or customer
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": title,
			"address_type": "Shipping",
			**{k: v or None for k, v in fields.items()},
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	)
	address.insert(ignore_permissions=True)
	return address.name


def _duplicate(key: str, payload_hash: str) -> str | None:
	rows = frappe.db.sql(
		"""select name from `tabQuote Request`
		where submission_key = %(key)s
			or (payload_hash = %(hash)s and creation >= now() - interval %(window)s second)
		order by creation limit 1""",
		{"key": key, "hash": payload_hash, "window": DUPLICATE_WINDOW},
	)
	return rows[0][0] if rows else None


def _payload_hash(user: str, customer: str, clean: dict, files: list[dict]) -> str:
	content = {k: v for k, v in clean.items() if k != "submission_key"}
	content["files"] = sorted(f["hash"] for f in files)
	raw = json.dumps([user, customer, content], sort_keys=True, default=str, ensure_ascii=False)
	return hashlib.sha256(raw.encode()).hexdigest()


# Files ---------------------------------------------------------------------------------------------


def _uploaded_files() -> list[tuple[str, bytes]]:
	request = getattr(frappe.local, "request", None)
	if request is None or not getattr(request, "files", None):
		return []
	storages = request.files.getlist("files") + request.files.getlist("file")
	if len(storages) > MAX_FILES:
		_fail(_("You can attach at most {0} files.").format(MAX_FILES))
	uploads = []
	for storage in storages:
		content = storage.stream.read(MAX_FILE_SIZE + 1)
		uploads.append((storage.filename or "", content))
	return uploads


def validate_files(uploads) -> list[dict]:
	"""[(filename, bytes)] → cleaned files; refuses wrong types, lying extensions and big files."""
	uploads = list(uploads or [])
	if len(uploads) > MAX_FILES:
		_fail(_("You can attach at most {0} files.").format(MAX_FILES))
	files, seen = [], set()
	for filename, content in uploads:
		name = _safe_filename(filename)
		shown = escape_html(name)
		ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
		if ext not in EXTENSIONS:
			_fail(
				_("{0}: this file type is not allowed. Allowed types: {1}.").format(
					shown, ", ".join(e.upper() for e in EXTENSIONS)
				)
			)
		if not isinstance(content, bytes | bytearray):
			_fail(_("{0} could not be read.").format(shown))
		content = bytes(content)
		if not content:
			_fail(_("{0} is empty.").format(shown))
		if len(content) > MAX_FILE_SIZE:
			_fail(_("{0} is larger than {1} MB.").format(shown, MAX_FILE_MB))
		if not content_matches(ext, content):
			_fail(_("{0}: the file content does not match its extension.").format(shown))
		digest = hashlib.sha256(content).hexdigest()
		if digest in seen:
			continue
		seen.add(digest)
		files.append({"file_name": name, "content": content, "hash": digest})
	return files


def _safe_filename(filename) -> str:
	name = os.path.basename(cstr(filename).replace("\\", "/")).strip()
	name = re.sub(r"[^\w.\- ()]", "_", name, flags=re.UNICODE).strip(" .")
	if "." in name:
		stem, ext = name.rsplit(".", 1)
		stem = stem[:100] or "attachment"
		return f"{stem}.{ext[:10].lower()}"
	return name[:100] or "attachment"


def content_matches(ext: str, content: bytes) -> bool:
	"""Content sniffing: the bytes must be what the extension claims."""
	head = content[:2048]
	if ext == "pdf":
		return head.startswith(b"%PDF-")
	if ext == "png":
		return head.startswith(b"\x89PNG\r\n\x1a\n")
	if ext in ("jpg", "jpeg"):
		return head.startswith(b"\xff\xd8\xff")
	if ext == "dwg":
		return re.match(rb"AC(10[0-3][0-9]|1\.[0-9]|2\.[0-9])", head) is not None
	if ext == "dxf":
		if head.startswith(b"AutoCAD Binary DXF"):
			return True
		if b"\x00" in head:
			return False
		return re.match(rb"\s*(999\s*\r?\n[^\n]*\n\s*)*0\s*\r?\n\s*SECTION\b", head) is not None
	if ext in ("zip", "xlsx", "docx"):
		if not (head.startswith(b"PK\x03\x04") or (ext == "zip" and head.startswith(b"PK\x05\x06"))):
			return False
		try:
			with zipfile.ZipFile(io.BytesIO(content)) as archive:
				names = set(archive.namelist())
		except (zipfile.BadZipFile, ValueError, OSError):
			return False
		if ext == "xlsx":
			return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
		if ext == "docx":
			return "[Content_Types].xml" in names and "word/document.xml" in names
		return True
	return False


def _save_files(name: str, files: list[dict]) -> list[str]:
	saved = []
	for f in files:
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f["file_name"],
				"attached_to_doctype": DOCTYPE,
				"attached_to_name": name,
				"is_private": 1,
				"content": f["content"],
			}
		)
		doc.flags.ignore_permissions = True
		doc.insert(ignore_permissions=True)
		saved.append(doc.file_name)
	return saved
