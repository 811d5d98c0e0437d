// Customer Shipment list: status colours, late ones in red, and bulk actions (update status with a
// timeline event; merge shipments of one customer into one).
const RALOM_SHIPMENT_STATUSES = ["Preparing", "Shipped", "In Transit", "Out for Delivery", "Delivered", "Exception", "Returned"];

frappe.listview_settings["Customer Shipment"] = {
	add_fields: ["status", "expected_delivery_date"],
	get_indicator(doc) {
		const open = ["Preparing", "Shipped", "In Transit", "Out for Delivery", "Exception"];
		if (open.includes(doc.status) && doc.expected_delivery_date
			&& frappe.datetime.get_diff(frappe.datetime.get_today(), doc.expected_delivery_date) > 0) {
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
			const dialog = new frappe.ui.Dialog({
				title: __("Update shipment status"),
				fields: [
					{ fieldname: "status", fieldtype: "Select", label: __("Status"), reqd: 1, options: RALOM_SHIPMENT_STATUSES },
					{ fieldname: "location", fieldtype: "Data", label: __("Location") },
					{ fieldname: "note", fieldtype: "Small Text", label: __("Note for the client") },
				],
				primary_action_label: __("Update"),
				primary_action(values) {
					frappe
						.call({
							method: "ralom_portal.api.shipments.update_status",
							args: { names: JSON.stringify(names), ...values },
							freeze: true,
						})
						.then((r) => {
							dialog.hide();
							const res = r.message || {};
							const failed = res.failed || [];
							frappe.msgprint(
								[__("{0} updated.", [(res.updated || []).length])]
									.concat(failed.map((f) => `${frappe.utils.escape_html(f.name)}: ${frappe.utils.escape_html(f.error)}`))
									.join("<br>"),
								__("Update status")
							);
							listview.refresh();
						});
				},
			});
			dialog.show();
		});
		listview.page.add_actions_menu_item(__("Merge shipments"), () => {
			const names = listview.get_checked_items(true);
			if (names.length < 2) return frappe.msgprint(__("Select at least two shipments of one customer."));
			frappe.prompt(
				{ fieldname: "target", fieldtype: "Select", label: __("Keep shipment"), options: names, reqd: 1, default: names[0] },
				(values) =>
					frappe
						.call({
							method: "ralom_portal.api.shipments.merge",
							args: { target: values.target, sources: JSON.stringify(names.filter((n) => n !== values.target)) },
							freeze: true,
						})
						.then(() => listview.refresh()),
				__("Merge shipments"),
				__("Merge")
			);
		});
	},
};
