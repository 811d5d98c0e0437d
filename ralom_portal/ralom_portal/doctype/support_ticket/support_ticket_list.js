// Support Ticket list: status colours; overdue first responses stand out.
frappe.listview_settings["Support Ticket"] = {
	add_fields: ["status", "first_response_due", "first_response_on"],
	get_indicator(doc) {
		if (doc.status === "Open" && !doc.first_response_on && doc.first_response_due
			&& frappe.datetime.str_to_obj(doc.first_response_due) < new Date()) {
			return [__("Overdue"), "red", "status,=,Open"];
		}
		const colours = {
			Open: "orange",
			"In Progress": "blue",
			"Awaiting Client": "purple",
			Resolved: "green",
			Closed: "gray",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
