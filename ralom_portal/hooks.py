app_name = "ralom_portal"
app_title = "Ralom Portal"
app_publisher = "RALOM"
app_description = "Client portal for ERPNext: offers, quote requests, projects, invoices, contracts, shipments, tickets and files"
app_email = "dev@ralom.ro"
app_license = "mit"

# Apps
# ------------------

# Org-qualified, as HRMS does: Frappe resolves a bare "erpnext" by asking api.github.com which
# org owns it, which fails on machines without GitHub access; "frappe/erpnext" needs no lookup.
required_apps = ["frappe/erpnext"]

# Installation
# ------------

after_install = "ralom_portal.setup.install.after_install"
after_migrate = "ralom_portal.setup.install.after_migrate"

# Fixtures (ralom_portal/fixtures/, loaded on install and on every migrate): the desk's "Client
# Portal" workspace with its number cards and charts, all named by the app, so export-fixtures
# never picks up a site's own records. Custom fields stay in code (setup/custom_fields.py, synced
# on install/migrate): see README, "The desk side (staff): workspace, reports, fixtures".
fixtures = [
	{"dt": "Workspace", "filters": [["name", "=", "Client Portal"]]},
	{"dt": "Number Card", "filters": [["name", "like", "Client Portal %"], ["module", "=", "Ralom Portal"]]},
	{
		"dt": "Dashboard Chart",
		"filters": [["name", "like", "Client Portal %"], ["module", "=", "Ralom Portal"]],
	},
]

# Website
# -------

# Frappe's own website pages (login, password reset): readable muted text, a named logo.
web_include_css = "guest.bundle.css"
web_include_js = "guest.bundle.js"

# After login, portal clients land on the portal; desk users keep /app.
role_home_page = {"Customer": "portal"}

# ERPNext's standard portal entries (/quotations, /invoices, /projects …) are replaced for clients by
# the /portal sections; the portal shell has its own sidebar.
standard_portal_menu_items = []

update_website_context = "ralom_portal.portal.shell.update_website_context"

# ERPNext's own portal pages for the sections the portal has are sent to the portal's pages, so
# clients get one set of rules (drafts hidden, our layout) whatever link they follow.
website_redirects = [
	{"source": "/quotations", "target": "/portal/offers"},
	{"source": r"/quotations/(.+)", "target": r"/portal/offers/\1"},
	{"source": "/project", "target": "/portal/projects"},
	{"source": "/projects", "target": "/portal/projects"},
]

# Detail and fixed routes (`/portal/offers/<name>`, `/portal/tickets/new`), built from the section
# registry the way the permission hooks below are built from its doctypes.
from ralom_portal.sections import website_route_rules as _section_route_rules

website_route_rules = _section_route_rules()

# Jinja
# -----

# The portal's document context, for the desk print format that shows staff the client's PDF.
jinja = {
	"methods": [
		"ralom_portal.portal.documents.ralom_document",
		"ralom_portal.utils.words_ro.count_before_noun",
		"ralom_portal.utils.formats.short_date",
		"ralom_portal.utils.formats.short_datetime",
		"ralom_portal.utils.formats.file_size",
		"ralom_portal.portal.preferences.notification_text",
		# The few Frappe icons portal pages use, instead of Frappe's ~300 kB of inline sprites.
		"ralom_portal.portal.rendering.portal_icons",
		# Links to another section's record, drawn only when the membership shows that section.
		"ralom_portal.portal.links.portal_link",
		"ralom_portal.portal.links.portal_sees",
	]
}

# Speed (portal/rendering.py): Frappe's route resolution with its routing map built once per rule
# set, not on every request; our /portal templates rendered first in line with compiled templates
# reused across requests.
website_path_resolver = ["ralom_portal.portal.rendering.resolve"]
page_renderer = ["ralom_portal.portal.rendering.PortalPage"]

# Desk
# ----

# The portal's sections (keys, titles) for desk scripts: the report's section filter, the team and
# invitation forms (setup/desk_boot.py).
boot_session = "ralom_portal.setup.desk_boot.boot_session"

# Customer form: "Invite to client portal" (ralom_portal.api.invitations.invite, staff only).
# Contract form: "Send to client for signature" (ralom_portal.api.contracts.send_for_signature).
doctype_js = {
	# The client's team in words in and under the Portal Users grid (public/js/customer_team.js).
	"Customer": [
		"public/js/customer_portal_invite.js",
		"public/js/file_share.js",
		"public/js/portal_sections.js",
		"public/js/customer_team.js",
	],
	# Approve / Revoke are in the doctype's own script; the sections it grants, in words.
	"Portal Invitation": "public/js/portal_sections.js",
	# e-Factura: "Send to ANAF" / "Send again" and the status (ralom_portal.api.efactura.send).
	"Sales Invoice": "public/js/efactura_invoice.js",
	"Contract": "public/js/contract_signature_request.js",
	# "Share with client" on a Customer's attachments and on a File attached to a Customer.
	"File": "public/js/file_share.js",
	# One "Update status" dialog for the shipment form and its list.
	"Customer Shipment": "public/js/shipment_status.js",
}
doctype_list_js = {"Customer Shipment": "public/js/shipment_status.js"}

# Permissions
# -----------
# Built from the registry of portal doctypes (ralom_portal.access.doctypes): one condition per
# doctype feeds every hook; they narrow access for portal clients only and return no opinion for
# desk users (see ralom_portal.access.rules).

# Underscored: Frappe reads every public name of this module as a hook.
from ralom_portal.access.doctypes import PORTAL_DOCTYPES as _PORTAL_DOCTYPES

permission_query_conditions = {
	doctype: "ralom_portal.access.hooks.query_conditions" for doctype in _PORTAL_DOCTYPES
}
has_permission = {doctype: "ralom_portal.access.hooks.has_permission" for doctype in _PORTAL_DOCTYPES}
has_website_permission = {
	doctype: "ralom_portal.access.hooks.has_website_permission" for doctype in _PORTAL_DOCTYPES
}

# Document events
# ---------------

# A quotation made from a quote request moves the request to Quoted and tells the client.
doc_events = {
	# Client documents print the company's legal data: staff are told when some is missing.
	"Company": {"validate": "ralom_portal.setup.company.warn_missing_legal_data"},
	"Quotation": {
		"on_submit": [
			"ralom_portal.ralom_portal.doctype.quote_request.quote_request.on_quotation_submit",
			"ralom_portal.summaries.file_kinds.on_record_submit",
		],
	},
	# The file library's kinds of record with files (summaries/file_kinds.py); a File's on_update
	# also runs when it is inserted.
	"Payment Entry": {
		"on_submit": [
			"ralom_portal.summaries.payment_totals.on_submit",
			"ralom_portal.summaries.file_kinds.on_record_submit",
		],
		"on_cancel": "ralom_portal.summaries.payment_totals.on_cancel",
	},
	"File": {"on_update": "ralom_portal.summaries.file_kinds.on_file_change"},
	# Unlinking a person (row removed, user disabled) also unlinks their Contact (access/links.py).
	"Customer": {
		# The Portal Users grid's roles and sections, as staff type them (access/memberships.py).
		"validate": "ralom_portal.access.memberships.validate_rows",
		"on_update": "ralom_portal.access.links.on_customer_update",
		# The per-customer summaries follow a rename or merge (summaries/).
		"after_rename": "ralom_portal.summaries.on_customer_rename",
	},
	"User": {"on_update": "ralom_portal.access.links.on_user_update"},
	# Failed logins are counted per account (ralom_portal.access.login_limits).
	"Activity Log": {"after_insert": "ralom_portal.access.login_limits.on_failed_login"},
	# Terms edited after a contract was sent for signature void that request and renew it.
	"Contract": {
		"validate": "ralom_portal.ralom_portal.doctype.portal_contract_signature.signing.renew_request_on_terms_change",
	},
	# A client's e-mail reply to a ticket notification (subject tag [TKT-00001]) joins the thread.
	# on_update, not after_insert: Frappe's InboundMail inserts the Communication without its content
	# and saves the content right after.
	"Communication": {
		"on_update": "ralom_portal.ralom_portal.doctype.support_ticket.inbound.on_communication_update",
	},
	# Shipments follow ERPNext's documents: one per submitted Delivery Note, cancelled with it; the
	# invoices made from its notes or orders are linked to it.
	"Delivery Note": {
		"on_submit": "ralom_portal.ralom_portal.doctype.customer_shipment.delivery_notes.on_delivery_note_submit",
		"on_cancel": "ralom_portal.ralom_portal.doctype.customer_shipment.delivery_notes.on_delivery_note_cancel",
	},
	"Sales Invoice": {
		# e-Factura: the invoice starts as not sent; queued for ANAF when e-Factura Settings say so.
		# The client's invoice totals and file kinds follow submit and cancel (summaries/).
		"on_submit": [
			"ralom_portal.ralom_portal.doctype.customer_shipment.delivery_notes.on_sales_invoice_submit",
			"ralom_portal.efactura.transmit.on_submit",
			"ralom_portal.summaries.invoice_totals.on_submit",
			"ralom_portal.summaries.file_kinds.on_record_submit",
		],
		"on_cancel": [
			"ralom_portal.ralom_portal.doctype.customer_shipment.delivery_notes.on_sales_invoice_cancel",
			"ralom_portal.summaries.invoice_totals.on_cancel",
		],
		# e-Factura: an invoice sent to ANAF is corrected by a credit note, not cancelled.
		"before_cancel": "ralom_portal.efactura.transmit.on_cancel",
	},
}

# Resolved tickets past the reopen window are closed for good.
scheduler_events = {
	# e-Factura: the status of invoices sent to ANAF, each checked when its next check is due
	# (efactura/transmit.py: growing waits, ANAF's daily limits per message).
	"cron": {"*/5 * * * *": ["ralom_portal.efactura.transmit.poll"]},
	"daily": [
		"ralom_portal.ralom_portal.doctype.support_ticket.support_ticket.close_expired_resolved_tickets",
		# The daily e-mail digest for client users who chose it (portal/preferences.py).
		"ralom_portal.portal.preferences.send_daily_digests",
	],
}

# Requests
# --------

# Default-deny gate over the generic APIs for website users and guests. An auth hook runs after
# Frappe has resolved the user (session cookie, API key or token), unlike before_request.
auth_hooks = ["ralom_portal.access.gate.guard"]

# Per-account login limits: the right password does not open an account that must wait.
on_login = "ralom_portal.access.login_limits.on_login"

# A malformed JSON body is a 400, not Frappe's 500 (access/request_body.py); security headers on
# portal pages and files (frame, sniffing, referrer, CSP).
after_request = [
	"ralom_portal.access.request_body.answer_malformed_json",
	"ralom_portal.access.headers.add_security_headers",
	"ralom_portal.portal.query_count.finish",
]

# Two-factor sign-in (access/two_factor.py): for a portal client with Frappe's 2FA, the e-mail login
# link and the password reset make no session; the code is asked on the sign-in page,
# in the visitor's language (Frappe answers the code step before it sets the request's language).
override_whitelisted_methods = {
	"frappe.www.login.login_via_key": "ralom_portal.access.two_factor.login_via_key",
	"frappe.core.doctype.user.user.update_password": "ralom_portal.access.two_factor.update_password",
}
after_request.append("ralom_portal.access.two_factor.answer_in_visitor_language")

# The benchmark's query count per request (only where site config sets `ralom_benchmark`).
before_request = ["ralom_portal.portal.query_count.start"]

# The route gate caches its decisions; a website cache clear invalidates them.
website_clear_cache = ["ralom_portal.access.routes.forget_decisions"]

# Testing
# -------

before_tests = "ralom_portal.setup.company.complete_setup"
