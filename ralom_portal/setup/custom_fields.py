"""Fields this app adds to ERPNext doctypes. All carry the `ralom_` prefix (see `fixtures` in hooks)."""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from ralom_portal.setup import membership_fields

CUSTOM_FIELDS = {
	# Memberships (issue 27): a role and sections on each "acts for" row; why there: membership_fields.py.
	"Portal User": membership_fields.FIELDS,
	"User": [
		{
			"fieldname": "ralom_email_frequency",
			"label": "Client Portal E-mails",
			"fieldtype": "Select",
			"options": "Immediately\nDaily digest\nNever",
			"default": "Immediately",
			"insert_after": "language",
		},
		{
			"fieldname": "ralom_email_events",
			"label": "Client Portal E-mail Events",
			"fieldtype": "Data",
			"length": 140,
			"insert_after": "ralom_email_frequency",
			"read_only": 1,
			"description": "Set by the client in the portal: offer, invoice, shipment, reply, file.",
		},
	],
	"File": [
		{
			"fieldname": "ralom_portal_internal",
			"label": "Internal (never shown in the Client Portal)",
			"fieldtype": "Check",
			"default": "0",
			"insert_after": "is_private",
		},
		# Files staff share with the client company as a whole: attached to the Customer and ticked
		# here, they appear in the client's library (/portal/files), optionally in a folder.
		{
			"fieldname": "ralom_portal_shared",
			"label": "Shared with Client (Client Portal)",
			"fieldtype": "Check",
			"default": "0",
			"insert_after": "ralom_portal_internal",
			"depends_on": "eval:doc.attached_to_doctype == 'Customer'",
			"description": "Only for files attached to a Customer: the client's portal users see it under Files.",
		},
		{
			"fieldname": "ralom_portal_folder",
			"label": "Client Portal Folder",
			"fieldtype": "Data",
			"length": 140,
			"insert_after": "ralom_portal_shared",
			"depends_on": "eval:doc.ralom_portal_shared",
			"description": "Optional folder name shown to the client, e.g. Drawings or Price lists.",
		},
	],
	"Task": [
		{
			"fieldname": "ralom_portal_visible",
			"label": "Visible in Client Portal",
			"fieldtype": "Check",
			"default": "1",
			"insert_after": "is_milestone",
			"description": "Unticked tasks never reach the client: not in pages, API, Gantt data or counts.",
		},
	],
	# The client's portal decision on an offer, shown read-only on the Quotation (set with db_set by
	# ralom_portal.api.offers; the full evidence is in Portal Offer Decision).
	"Quotation": [
		{
			"fieldname": "ralom_portal_decision",
			"label": "Client Portal Decision",
			"fieldtype": "Select",
			"options": "\nAccepted\nRejected",
			"insert_after": "valid_till",
			"read_only": 1,
			"no_copy": 1,
			"print_hide": 1,
			"in_standard_filter": 1,
			"depends_on": "eval:doc.ralom_portal_decision",
		},
		{
			"fieldname": "ralom_portal_decided_by",
			"label": "Decided By (Portal)",
			"fieldtype": "Link",
			"options": "User",
			"insert_after": "ralom_portal_decision",
			"read_only": 1,
			"no_copy": 1,
			"print_hide": 1,
			"depends_on": "eval:doc.ralom_portal_decision",
		},
		{
			"fieldname": "ralom_portal_decided_at",
			"label": "Decided At (Portal)",
			"fieldtype": "Datetime",
			"insert_after": "ralom_portal_decided_by",
			"read_only": 1,
			"no_copy": 1,
			"print_hide": 1,
			"depends_on": "eval:doc.ralom_portal_decision",
		},
		# The portal quote request this quotation answers (set by Quote Request → Create Quotation);
		# submitting the quotation moves the request to Quoted.
		{
			"fieldname": "ralom_quote_request",
			"label": "Quote Request (Portal)",
			"fieldtype": "Link",
			"options": "Quote Request",
			"insert_after": "order_type",
			"print_hide": 1,
			"in_standard_filter": 1,
			"search_index": 1,
		},
		# What the client asked in that request, carried over by the mapper and shown labelled (and
		# translated) on the portal's offer page.
		{
			"fieldname": "ralom_delivery_option",
			"label": "Delivery Requested (Portal)",
			"fieldtype": "Select",
			"options": "\nDelivery to address\nPickup from supplier\nClient's own transport",
			"insert_after": "ralom_quote_request",
			"print_hide": 1,
			"depends_on": "eval:doc.ralom_quote_request",
		},
		{
			"fieldname": "ralom_requested_date",
			"label": "Date Requested (Portal)",
			"fieldtype": "Date",
			"insert_after": "ralom_delivery_option",
			"print_hide": 1,
			"depends_on": "eval:doc.ralom_quote_request",
		},
		{
			"fieldname": "ralom_client_remarks",
			"label": "Client Remarks (Portal)",
			"fieldtype": "Small Text",
			"insert_after": "ralom_requested_date",
			"read_only": 1,
			"print_hide": 1,
			"depends_on": "eval:doc.ralom_client_remarks",
		},
	],
	# Romanian legal data every client document carries (the CUI is ERPNext's own Company.tax_id).
	"Company": [
		{
			"fieldname": "ralom_reg_com",
			"label": "Trade Register No. (Reg. Com.)",
			"fieldtype": "Data",
			"insert_after": "tax_id",
		},
		{
			"fieldname": "ralom_iban",
			"label": "IBAN (for transfers)",
			"fieldtype": "Data",
			"insert_after": "ralom_reg_com",
		},
		{
			"fieldname": "ralom_bank",
			"label": "Bank (for transfers)",
			"fieldtype": "Data",
			"insert_after": "ralom_iban",
		},
	],
	# Staff decide which draft contract a client may read and sign: "Send to client for signature"
	# (desk button, ralom_portal/public/js/contract_signature_request.js) ticks the flag and stores
	# the SHA-256 of the terms as sent; terms edited later renew the request (the old one is void).
	"Contract": [
		{
			"fieldname": "ralom_sent_for_signature",
			"label": "Sent to Client for Signature (Portal)",
			"fieldtype": "Check",
			"default": "0",
			"insert_after": "fulfilment_status",
			"read_only": 1,
			"no_copy": 1,
			"print_hide": 1,
			"allow_on_submit": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "ralom_sent_on",
			"label": "Sent for Signature On",
			"fieldtype": "Datetime",
			"insert_after": "ralom_sent_for_signature",
			"read_only": 1,
			"no_copy": 1,
			"print_hide": 1,
			"allow_on_submit": 1,
			"depends_on": "eval:doc.ralom_sent_for_signature",
		},
		{
			"fieldname": "ralom_sent_terms_hash",
			"label": "Terms Hash as Sent (SHA-256)",
			"fieldtype": "Data",
			"insert_after": "ralom_sent_on",
			"read_only": 1,
			"no_copy": 1,
			"print_hide": 1,
			"allow_on_submit": 1,
			"hidden": 1,
		},
	],
	# e-Factura (ralom_portal/efactura): the buyer's Reg. Com. goes into the XML next to its CUI.
	"Customer": [
		{
			"fieldname": "ralom_reg_com",
			"label": "Trade Register No. (Reg. Com.)",
			"fieldtype": "Data",
			"insert_after": "tax_id",
		},
	],
	# e-Factura: the VAT category of 0% lines (ERPNext has none) and the exemption reason CIUS-RO asks
	# for, editable after submit so a rejected invoice can be fixed and sent again; then the state of
	# its transmission to ANAF, written only by the server (efactura/transmit.py, db_set).
	"Sales Invoice": [
		{
			"fieldname": "ralom_efactura_section",
			"label": "e-Factura",
			"fieldtype": "Section Break",
			"insert_after": "remarks",
			"collapsible": 1,
		},
		{
			"fieldname": "ralom_vat_category",
			"label": "VAT Category for 0% Lines (e-Factura)",
			"fieldtype": "Select",
			"options": "\nZ\nE\nAE",
			"insert_after": "ralom_efactura_section",
			"allow_on_submit": 1,
			"print_hide": 1,
			"description": "Z: zero-rated, E: exempt, AE: reverse charge (taxare inversă).",
		},
		{
			"fieldname": "ralom_vat_exemption_reason",
			"label": "VAT Exemption Reason (e-Factura)",
			"fieldtype": "Data",
			"insert_after": "ralom_vat_category",
			"allow_on_submit": 1,
			"print_hide": 1,
			"depends_on": "eval:['E','AE'].includes(doc.ralom_vat_category)",
		},
		{
			"fieldname": "ralom_efactura_status",
			"label": "e-Factura Status",
			"fieldtype": "Select",
			"options": "\nNot Sent\nIn Progress\nValidated\nRejected",
			"insert_after": "ralom_vat_exemption_reason",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
			"in_standard_filter": 1,
			"in_list_view": 0,
			"search_index": 1,
		},
		{
			"fieldname": "ralom_efactura_upload_index",
			"label": "e-Factura Upload Index",
			"fieldtype": "Data",
			"insert_after": "ralom_efactura_status",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_uploaded_on",
			"label": "Sent to ANAF On",
			"fieldtype": "Datetime",
			"insert_after": "ralom_efactura_upload_index",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_column",
			"fieldtype": "Column Break",
			"insert_after": "ralom_efactura_uploaded_on",
		},
		{
			"fieldname": "ralom_efactura_download_id",
			"label": "e-Factura Download ID",
			"fieldtype": "Data",
			"insert_after": "ralom_efactura_column",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_validated_on",
			"label": "Validated by ANAF On",
			"fieldtype": "Datetime",
			"insert_after": "ralom_efactura_download_id",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_xml",
			"label": "e-Factura XML as Sent",
			"fieldtype": "Link",
			"options": "File",
			"insert_after": "ralom_efactura_validated_on",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_signed_zip",
			"label": "Signed ZIP from ANAF",
			"fieldtype": "Link",
			"options": "File",
			"insert_after": "ralom_efactura_xml",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_errors",
			"label": "e-Factura Errors",
			"fieldtype": "Small Text",
			"insert_after": "ralom_efactura_signed_zip",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"print_hide": 1,
			"depends_on": "eval:doc.ralom_efactura_errors",
		},
		# ANAF's limits per message and day (100 status calls, 10 downloads) and the next poll time.
		{
			"fieldname": "ralom_efactura_calls",
			"label": "e-Factura ANAF Calls Today",
			"fieldtype": "Data",
			"insert_after": "ralom_efactura_errors",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"hidden": 1,
			"print_hide": 1,
		},
		{
			"fieldname": "ralom_efactura_next_poll",
			"label": "e-Factura Next Status Check",
			"fieldtype": "Datetime",
			"insert_after": "ralom_efactura_calls",
			"read_only": 1,
			"allow_on_submit": 1,
			"no_copy": 1,
			"hidden": 1,
			"print_hide": 1,
		},
	],
	# Only items ticked here appear in the portal's quote request form (search and validation).
	"Item": [
		{
			"fieldname": "ralom_portal_published",
			"label": "Show in Client Portal",
			"fieldtype": "Check",
			"default": "0",
			"insert_after": "is_sales_item",
			"in_standard_filter": 1,
			"description": "Clients can pick this item in quote requests (it must also be enabled and a sales item).",
		},
	],
}


def sync() -> None:
	create_custom_fields(CUSTOM_FIELDS, update=True)
