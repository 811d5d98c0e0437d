"""What the contract tests share (`test_contracts.py`, `test_contracts_http.py`,
`test_contracts_browser.py`): the refusal, the API paths, the terms hash a client's page carries,
the unsigned check, the removal of committed contracts and the signing rate limit's reset.
"""

from __future__ import annotations

import frappe

from ralom_portal.ralom_portal.doctype.portal_contract_signature.signing import terms_hash

DENIED = "This contract does not exist, cannot be signed, or you do not have access to it."
SIGN = "/api/method/ralom_portal.api.contracts.sign"
PDF = "/api/method/ralom_portal.api.contracts.download_pdf"


def _hash(name: str) -> str:
	return terms_hash(frappe.db.get_value("Contract", name, "contract_terms"))


def _unsigned(name: str):
	assert not frappe.db.get_value("Contract", name, "is_signed")
	assert not frappe.db.get_value("Contract", name, "signee")
	assert not frappe.db.exists("Portal Contract Signature", {"contract": name})


def _purge(names) -> None:
	for name in names:
		frappe.db.sql(
			"delete from `tabContract Fulfilment Checklist` where parenttype = 'Contract' and parent = %s",
			name,
		)
		frappe.db.sql("delete from `tabPortal Contract Signature` where contract = %s", name)
		frappe.db.sql(
			"delete from `tabNotification Log` where document_type = 'Contract' and document_name = %s", name
		)
		frappe.db.sql("delete from `tabContract` where name = %s", name)
	frappe.db.commit()


def _reset_rate_limit():
	frappe.cache.delete_keys("rl:ralom_portal.api.contracts.sign")
