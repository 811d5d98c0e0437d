"""Fields this app adds to ERPNext doctypes. All carry the `ralom_` prefix (see `fixtures` in hooks)."""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

CUSTOM_FIELDS = {
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
}


def sync() -> None:
	create_custom_fields(CUSTOM_FIELDS, update=True)
