"""Signing contracts in the portal: staff send a contract for signature, the client signs it once.

- Staff press "Send to client for signature" on a Contract (desk): the draft becomes visible to the
  client (access.rules.contract) and the SHA-256 of its terms as sent is stored.
- Terms edited afterwards renew the request (Contract `validate` hook): the earlier request, and any
  page showing the old terms, is void; the client sees the new terms and signs those.
- The client signs with their typed full name and a ticked acceptance. The contract row is locked
  (`for update`) and `Portal Contract Signature.contract` is unique, so two parallel calls record one
  signature. The contract gets ERPNext's own `is_signed`, `signee`, `signed_on`, `ip_address`; the
  signature row keeps the user, user agent and hash of the terms as signed. The owner is notified.
- Counter-signature and submit stay with staff in the desk.

Every refusal of the signing itself (not the client's, a draft not sent, already signed, terms
changed) is the same PermissionError as a missing name. Callers check access first.
"""

from __future__ import annotations

import hashlib

import frappe
from frappe import _
from frappe.utils import cstr, escape_html, now_datetime

from ralom_portal.access.refuse import deny, refuse_invalid
from ralom_portal.utils.evidence import request_evidence
from ralom_portal.utils.idempotency import insert_once
from ralom_portal.utils.notify import desk_alert
from ralom_portal.utils.text import plain_text

NAME_MAX = 140


def contract_denied_message() -> str:
	return _("This contract does not exist, cannot be signed, or you do not have access to it.")


def terms_hash(terms) -> str:
	"""SHA-256 of the terms' HTML exactly as stored (MariaDB's sha2(…, 256) gives the same)."""
	return hashlib.sha256(cstr(terms).encode("utf-8")).hexdigest()


# staff -------------------------------------------------------------------------------------------


def send_for_signature(name: str) -> dict:
	"""Mark a customer contract as sent to the client for signature. The caller checked write access."""
	row = frappe.db.sql(
		"""select name, party_type, docstatus, is_signed, contract_terms
		from `tabContract` where name = %s for update""",
		name,
		as_dict=True,
	)
	if not row:
		frappe.throw(_("Contract {0} not found.").format(name), frappe.DoesNotExistError)
	contract = row[0]
	if contract.party_type != "Customer":
		refuse_invalid(_("Only contracts with a customer can be signed in the client portal."))
	if contract.docstatus == 2:
		refuse_invalid(_("A cancelled contract cannot be sent for signature."))
	if contract.is_signed:
		refuse_invalid(_("This contract is already signed."))
	if not cstr(contract.contract_terms).strip():
		refuse_invalid(_("Write the contract terms before sending it for signature."))
	sent_on = now_datetime()
	frappe.db.set_value(
		"Contract",
		name,
		{
			"ralom_sent_for_signature": 1,
			"ralom_sent_on": sent_on,
			"ralom_sent_terms_hash": terms_hash(contract.contract_terms),
		},
	)
	return {"sent_on": sent_on}


def renew_request_on_terms_change(doc, method=None) -> None:
	"""Contract `validate`: terms edited after sending replace the request with one for the new terms;
	terms the client has signed in the portal can no longer be edited (the signature covers them)."""
	if not doc.get("ralom_sent_for_signature"):
		return
	current = terms_hash(doc.contract_terms)
	if doc.is_signed:
		signed = frappe.db.get_value("Portal Contract Signature", {"contract": doc.name}, "terms_hash")
		if signed and signed != current:
			refuse_invalid(_("The client signed these terms in the portal; they cannot be changed any more."))
		return
	if doc.get("ralom_sent_terms_hash") != current:
		doc.ralom_sent_terms_hash = current
		doc.ralom_sent_on = now_datetime()


# client ------------------------------------------------------------------------------------------


def _accepted(value) -> bool:
	return value is True or (
		isinstance(value, int | str) and cstr(value).strip().lower() in ("1", "true", "on", "yes")
	)


def sign_contract(name: str, full_name, accept, given_hash) -> dict:
	"""Sign `name` as the current user. The caller has checked that the client may see it."""
	signee = plain_text(full_name, _("Your full name"), NAME_MAX, fail=refuse_invalid, required=True)
	if not _accepted(accept):
		refuse_invalid(_("Please tick the box to confirm that you accept the terms."))

	frappe.db.savepoint("ralom_contract_sign")
	try:
		contract = _lock_signable(name, given_hash)
		signed_on = now_datetime()
		evidence = request_evidence()
		record = _record(contract, signee, signed_on, evidence)
		from erpnext.crm.doctype.contract.contract import get_status

		frappe.db.set_value(
			"Contract",
			name,
			{
				"is_signed": 1,
				"signee": signee,
				"signed_on": signed_on,
				"ip_address": evidence["ip_address"],
				"status": get_status(contract.start_date, contract.end_date),
			},
		)
	except Exception:
		frappe.db.rollback(save_point="ralom_contract_sign")
		raise
	_notify_owner(contract, record)
	return {"signed": True, "signee": signee, "signed_on": str(signed_on)}


def _lock_signable(name: str, given_hash) -> frappe._dict:
	"""Lock the contract row and check it still awaits this signature (latest committed data)."""
	row = frappe.db.sql(
		"""select name, party_name, docstatus, is_signed, owner, start_date, end_date, contract_terms,
			ifnull(ralom_sent_for_signature, 0) as sent, ralom_sent_terms_hash
		from `tabContract` where name = %s for update""",
		name,
		as_dict=True,
	)
	if not row:
		deny(contract_denied_message())
	contract = row[0]
	current = terms_hash(contract.contract_terms)
	if (
		contract.docstatus == 2
		or not contract.sent
		or contract.is_signed
		# Terms changed after sending (even behind the hook's back) or since the client's page loaded.
		or contract.ralom_sent_terms_hash != current
		or not isinstance(given_hash, str)
		or given_hash != current
		or frappe.db.sql(
			"select name from `tabPortal Contract Signature` where contract = %s for update", name
		)
	):
		deny(contract_denied_message())
	return contract


def _record(contract, signee: str, signed_on, evidence: dict):
	doc = frappe.get_doc(
		{
			"doctype": "Portal Contract Signature",
			"contract": contract.name,
			"customer": contract.party_name,
			"signee": signee,
			"user": frappe.session.user,
			"signed_on": signed_on,
			**evidence,
			"terms_hash": terms_hash(contract.contract_terms),
			"terms_as_signed": contract.contract_terms,
		}
	)
	if not insert_once(doc):
		deny(contract_denied_message())
	return doc


def _notify_owner(contract, record) -> None:
	owner = contract.owner
	if not owner or owner == "Guest":
		return
	subject = _("{0} signed contract {1} in the client portal").format(record.customer, contract.name)
	body = (
		escape_html(subject)
		+ "<br>"
		+ _("Signed by {0} ({1}) on {2}").format(
			escape_html(record.signee), escape_html(record.user), frappe.format(record.signed_on, "Datetime")
		)
		+ "<br>"
		+ _("Counter-sign and submit the contract in the desk.")
	)
	desk_alert(owner, subject, body, "Contract", contract.name)
