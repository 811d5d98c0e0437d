// e-Factura Deadline: invoices not sent to ANAF within 5 working days, and rejected ones.
frappe.query_reports["e-Factura Deadline"] = {
	filters: [{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company" }],
};
