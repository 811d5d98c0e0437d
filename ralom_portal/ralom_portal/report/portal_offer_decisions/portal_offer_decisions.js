// Portal Offer Decisions: the evidence of each accept/reject made by a client in the portal.
frappe.query_reports["Portal Offer Decisions"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "decision",
			label: __("Decision"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Accepted", label: __("Accepted", null, "Offer status") },
				{ value: "Rejected", label: __("Rejected", null, "Offer status") },
			],
		},
	],
};
