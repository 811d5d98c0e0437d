// Portal Users: who can see which customer's portal (every link, enabled or not).
frappe.query_reports["Portal Users"] = {
	filters: [
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
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
