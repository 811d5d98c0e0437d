"""Sending a Sales Invoice to ANAF and following it until ANAF validates or rejects it.

Only this module writes the invoice's e-Factura fields (db_set on the submitted invoice, under a row
lock): status, upload index, dates, ANAF's messages, the XML as sent and the signed ZIP (private
Files, marked internal: clients reach them only through `ralom_portal.api.efactura`, which checks the
invoice first). No portal page calls ANAF: the scheduled `poll` job does, within ANAF's limits per
message and day (100 status calls, 10 downloads), with a growing wait between status calls.
"""

from __future__ import annotations

import json
from datetime import datetime

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime, nowdate

from ralom_portal.efactura import checks, signed_zip
from ralom_portal.efactura.anaf import AnafError, Client

NOT_SENT, IN_PROGRESS, VALIDATED, REJECTED = "Not Sent", "In Progress", "Validated", "Rejected"
STATUSES = (NOT_SENT, IN_PROGRESS, VALIDATED, REJECTED)
STATUS_CALLS_PER_DAY = 100
DOWNLOADS_PER_DAY = 10
MAX_WAIT_MINUTES = 6 * 60


def status_of(doc) -> str:
	return doc.get("ralom_efactura_status") or NOT_SENT


def _lock(name: str):
	frappe.db.sql("select name from `tabSales Invoice` where name = %s for update", name)
	return frappe.get_doc("Sales Invoice", name)


def record(doc, **values) -> None:
	doc.db_set({f"ralom_efactura_{k}": v for k, v in values.items()}, update_modified=False)


def _seller_cif(doc) -> str:
	tax_id = (frappe.db.get_value("Company", doc.company, "tax_id") or "").replace(" ", "").upper()
	return tax_id[2:] if tax_id.startswith("RO") else tax_id


def send(name: str, client: Client | None = None) -> dict:
	"""Check the invoice and upload it. Returns {"status", "problems"}; problems are stored on the
	invoice too. An invoice in progress or validated is refused: it is never filed twice. The row
	stays locked through the upload, so two clicks (or the submit job and a click) cannot both send."""
	doc = _lock(name)
	if doc.docstatus != 1:
		frappe.throw(_("Only a submitted invoice can be sent to e-Factura"))
	if status_of(doc) in (IN_PROGRESS, VALIDATED):
		frappe.throw(
			_("This invoice was already sent to ANAF (upload index {0})").format(
				doc.ralom_efactura_upload_index
			)
		)
	xml, problems = checks.prepare(doc)
	if problems:
		record(doc, status=status_of(doc), errors="\n".join(problems))
		return {"status": status_of(doc), "problems": problems}
	try:
		answer = (client or Client()).upload(xml, _seller_cif(doc), credit_note=bool(doc.is_return))
	except AnafError as e:
		message = e.message
		if e.sent:
			message += "\n" + _("The invoice may have reached ANAF: check the SPV before sending it again")
		record(doc, errors=message)
		return {"status": status_of(doc), "problems": [message]}
	index = answer.get("index_incarcare")
	if answer.get("ExecutionStatus") != "0" or not index:
		problems = answer.errors or [_("ANAF did not accept the upload and gave no reason")]
		record(doc, status=REJECTED, errors="\n".join(problems))
		return {"status": REJECTED, "problems": problems}
	xml_file = store_file(doc, "xml", f"efactura-{doc.name}.xml", xml)
	record(
		doc,
		status=IN_PROGRESS,
		upload_index=index,
		uploaded_on=_anaf_date(answer.get("dateResponse")),
		download_id=None,
		validated_on=None,
		signed_zip=None,
		xml=xml_file,
		errors=None,
		calls=None,
		next_poll=add_to_date(now_datetime(), minutes=_settings().poll_minutes or 5),
	)
	return {"status": IN_PROGRESS, "problems": []}


def _anaf_date(value: str | None) -> datetime:
	"""ANAF's dateResponse ("202612061530": yyyyMMddHHmm), else now."""
	try:
		return datetime.strptime(value or "", "%Y%m%d%H%M")
	except ValueError:
		return now_datetime()


def store_file(doc, kind: str, file_name: str, content: bytes) -> str:
	"""A private, internal File on the invoice; the one it replaces (a rejected try) is deleted."""
	previous = doc.get(f"ralom_efactura_{kind}")
	if previous and frappe.db.exists("File", previous):
		frappe.delete_doc("File", previous, ignore_permissions=True, force=True)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": "Sales Invoice",
			"attached_to_name": doc.name,
			"is_private": 1,
			"ralom_portal_internal": 1,
			"content": content,
		}
	)
	file.flags.ignore_permissions = True
	file.insert()
	return file.name


def _settings():
	return frappe.get_cached_doc("e-Factura Settings")


# Polling ------------------------------------------------------------------------------------------


def _counters(doc) -> dict:
	"""Today's ANAF calls for this message ({"day", "status", "download"}); a new day starts at 0."""
	try:
		counters = json.loads(doc.ralom_efactura_calls or "{}")
	except ValueError:
		counters = {}
	if counters.get("day") != nowdate():
		counters = {"day": nowdate(), "status": 0, "download": 0}
	return counters


def _tomorrow():
	return get_datetime(f"{add_days(getdate(), 1)} 00:05:00")


def _backoff(counters: dict):
	minutes = (_settings().poll_minutes or 5) * 2 ** max(counters["status"] - 1, 0)
	return add_to_date(now_datetime(), minutes=min(minutes, MAX_WAIT_MINUTES))


def poll(client: Client | None = None, limit: int = 200) -> int:
	"""Scheduled: check the invoices in progress whose next check is due. Returns how many."""
	names = frappe.get_all(
		"Sales Invoice",
		filters={"docstatus": 1, "ralom_efactura_status": IN_PROGRESS},
		or_filters=[
			["ralom_efactura_next_poll", "is", "not set"],
			["ralom_efactura_next_poll", "<=", now_datetime()],
		],
		pluck="name",
		order_by="ralom_efactura_next_poll asc",
		limit=limit,
	)
	if names and client is None:
		client = Client()
	for name in names:
		try:
			poll_one(name, client)
		except Exception:
			frappe.log_error(title=f"e-Factura status of {name}")
		if not frappe.flags.in_test:
			frappe.db.commit()
	return len(names)


def poll_one(name: str, client: Client) -> str:
	doc = _lock(name)
	if status_of(doc) != IN_PROGRESS:
		return status_of(doc)
	counters = _counters(doc)
	try:
		if doc.ralom_efactura_download_id:
			# ANAF said ok earlier, the signed ZIP is still missing: no new status call needed.
			_fetch_signed(doc, client, counters)
		elif counters["status"] >= STATUS_CALLS_PER_DAY:
			record(doc, next_poll=_tomorrow())
		else:
			counters["status"] += 1
			_follow(doc, client, client.status(doc.ralom_efactura_upload_index), counters)
	except AnafError as e:
		record(doc, errors=e.message, next_poll=_backoff(counters))
	record(doc, calls=json.dumps(counters))
	return status_of(doc)


def _follow(doc, client: Client, answer, counters: dict) -> None:
	state = (answer.get("stare") or "").strip().lower()
	if not state:
		# No state: the query itself failed (missing rights, daily limit, unknown index).
		message = "\n".join(answer.errors) or _("ANAF gave no state for this upload")
		limit_reached = any("limita" in m.lower() or "s-au facut deja" in m.lower() for m in answer.errors)
		record(doc, errors=message, next_poll=_tomorrow() if limit_reached else _backoff(counters))
	elif state == "in prelucrare":
		record(doc, next_poll=_backoff(counters))
	elif state == "ok":
		record(doc, download_id=answer.get("id_descarcare"))
		_fetch_signed(doc, client, counters)
	elif state == "nok":
		record(doc, download_id=answer.get("id_descarcare"))
		_reject_with_messages(doc, client, counters)
	else:
		# "XML cu erori nepreluat de sistem": refused at intake, its reasons are in the answer.
		record(doc, status=REJECTED, errors="\n".join(answer.errors) or answer.get("stare"), next_poll=None)


def _download(doc, client: Client, counters: dict) -> bytes | None:
	if counters["download"] >= DOWNLOADS_PER_DAY:
		record(doc, next_poll=_tomorrow())
		return None
	counters["download"] += 1
	return client.download(doc.ralom_efactura_download_id)


def _fetch_signed(doc, client: Client, counters: dict) -> None:
	content = _download(doc, client, counters)
	if content is None:
		return
	try:
		signed_zip.verify(content)
	except signed_zip.BadZip as e:
		# Kept as an error, never as a validation: the next check downloads it again.
		record(doc, errors=_("ANAF's ZIP was not accepted: {0}").format(e), next_poll=_backoff(counters))
		return
	zip_file = store_file(
		doc, "signed_zip", f"efactura-{doc.name}-{doc.ralom_efactura_upload_index}.zip", content
	)
	record(
		doc, status=VALIDATED, validated_on=now_datetime(), signed_zip=zip_file, errors=None, next_poll=None
	)


def _reject_with_messages(doc, client: Client, counters: dict) -> None:
	try:
		content = _download(doc, client, counters)
		messages = signed_zip.error_messages(content) if content else []
	except (AnafError, signed_zip.BadZip) as e:
		messages = [_("ANAF's messages could not be read: {0}").format(getattr(e, "message", e))]
	messages = messages or [_("ANAF rejected the invoice without a message")]
	record(doc, status=REJECTED, errors="\n".join(messages), next_poll=None)


# Hooks --------------------------------------------------------------------------------------------


def on_submit(doc, method=None) -> None:
	"""Sales Invoice.on_submit: the invoice starts as not sent; queued for ANAF when the settings say
	so (after the commit, so the upload never holds the submit's transaction open)."""
	record(doc, status=NOT_SENT)
	if frappe.db.get_single_value("e-Factura Settings", "send_on_submit"):
		frappe.enqueue(
			"ralom_portal.efactura.transmit.send_queued",
			name=doc.name,
			enqueue_after_commit=True,
			queue="short",
		)


def send_queued(name: str) -> None:
	send(name)


def on_cancel(doc, method=None) -> None:
	"""Sales Invoice.before_cancel: an invoice ANAF has (or may have) cannot be cancelled in ERPNext
	alone: it stays filed in the SPV, so the correction is a credit note (which goes to ANAF too)."""
	if status_of(doc) in (IN_PROGRESS, VALIDATED):
		frappe.throw(
			_("This invoice was sent to ANAF (e-Factura): issue a credit note instead of cancelling it.")
		)
