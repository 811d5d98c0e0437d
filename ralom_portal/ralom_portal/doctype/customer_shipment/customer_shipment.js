// Customer Shipment form: "Update status" records a timeline event (status, location, note) that the
// client sees in the portal; Shipped, Delivered and Exception are e-mailed to the client.

const SHIPMENT_STATUSES = ["Preparing", "Shipped", "In Transit", "Out for Delivery", "Delivered", "Exception", "Returned"];

function shipmentStatusDialog(names, after) {
	const dialog = new frappe.ui.Dialog({
		title: __("Update shipment status"),
		fields: [
			{ fieldname: "status", fieldtype: "Select", label: __("Status"), reqd: 1, options: SHIPMENT_STATUSES },
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
					const failed = (r.message && r.message.failed) || [];
					if (failed.length) {
						frappe.msgprint(
							failed.map((f) => `${frappe.utils.escape_html(f.name)}: ${frappe.utils.escape_html(f.error)}`).join("<br>"),
							__("Not updated")
						);
					} else {
						frappe.show_alert({ message: __("Status updated"), indicator: "green" });
					}
					after && after();
				});
		},
	});
	dialog.show();
}


frappe.ui.form.on("Customer Shipment", {
	refresh(frm) {
		if (frm.is_new() || ["Returned", "Cancelled"].includes(frm.doc.status)) return;
		frm.add_custom_button(__("Update status"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the shipment first."));
				return;
			}
			shipmentStatusDialog([frm.doc.name], () => frm.reload_doc());
		});
	},
});
