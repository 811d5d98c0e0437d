frappe.listview_settings["Quote Request"] = {
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colors = {
			Submitted: "blue",
			"In Review": "orange",
			Quoted: "green",
			Closed: "gray",
			Cancelled: "red",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
