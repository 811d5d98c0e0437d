// Portal Users: who can see which customer's portal (every link, enabled or not), with each person's
// client portal role and sections (issue 27).

frappe.query_reports["Portal Users"] = {
	filters: [
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "role",
			label: __("Client Portal Role"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Client administrator", label: __("Client administrator") },
				{ value: "Member", label: __("Member") },
			],
		},
		{
			fieldname: "section",
			label: __("Section"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				// The registry's sections, sent with the desk's boot (setup/desk_boot.py).
				...(frappe.boot.ralom_portal_sections || []).map(([value, title]) => ({
					value,
					label: __(title, null, "Portal section"),
				})),
			],
		},
		{
			fieldname: "state",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Enabled", label: __("Enabled") },
				{ value: "Disabled", label: __("Disabled") },
			],
		},
		{ fieldname: "search", label: __("User or Customer"), fieldtype: "Data" },
	],
};
