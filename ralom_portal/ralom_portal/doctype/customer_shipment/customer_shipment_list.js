// Customer Shipment list: status colours, late ones in red, and bulk actions (update status with a
// timeline event; merge shipments of one customer into one).

frappe.listview_settings["Customer Shipment"] = {
	add_fields: ["status", "expected_delivery_date"],
	get_indicator(doc) {
		const open = ["Preparing", "Shipped", "In Transit", "Out for Delivery", "Exception"];
		if (
			open.includes(doc.status) &&
			doc.expected_delivery_date &&
			frappe.datetime.get_diff(frappe.datetime.get_today(), doc.expected_delivery_date) > 0
		) {
			return [__("Late"), "red", "status,in," + open.join(",")];
		}
		const colours = {
			Preparing: "gray",
			Shipped: "blue",
			"In Transit": "blue",
			"Out for Delivery": "purple",
			Delivered: "green",
			Exception: "red",
			Returned: "orange",
			Cancelled: "darkgrey",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
	onload(listview) {
		listview.page.add_actions_menu_item(__("Update status"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) return frappe.msgprint(__("Select shipments first."));
			window.ralom_shipment_status_dialog(names, () => listview.refresh());
		});
		listview.page.add_actions_menu_item(__("Merge shipments"), () => {
			const names = listview.get_checked_items(true);
			if (names.length < 2)
				return frappe.msgprint(__("Select at least two shipments of one customer."));
			frappe.prompt(
				{
					fieldname: "target",
					fieldtype: "Select",
					label: __("Keep shipment"),
					options: names,
					reqd: 1,
					default: names[0],
				},
				(values) =>
					frappe
						.call({
							method: "ralom_portal.api.shipments.merge",
							args: {
								target: values.target,
								sources: JSON.stringify(names.filter((n) => n !== values.target)),
							},
							freeze: true,
						})
						.then(() => listview.refresh()),
				__("Merge shipments"),
				__("Merge")
			);
		});
	},
};
