import frappe
from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import contracts
from ralom_portal.ralom_portal.doctype.portal_contract_signature.signing import NAME_MAX, terms_hash

no_cache = 1


def get_context(context):
	contract = record_page(
		context,
		"contracts",
		contracts.contract,
		title=_("Contract"),
		heading=_("Contract {0}"),
		key="contract",
	)
	if not contract:
		return
	# Staff-written HTML: only a safe subset of tags reaches the page. The hash is of the stored terms
	# (what staff sent), so a change after the page loaded makes the signature attempt stale.
	contract.terms_html = frappe.utils.html_utils.clean_html(contract.contract_terms or "")
	contract.terms_hash = terms_hash(contract.contract_terms)
	context.name_max = NAME_MAX
