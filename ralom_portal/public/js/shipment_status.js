// "Update status" for Customer Shipments, shared by the form and the list's bulk action (hooks.py adds
// this file to both): one dialog records a timeline event (status, location, note) that the client sees
// in the portal; Shipped, Delivered and Exception are e-mailed to the client.
// The statuses staff can set are the DocType's own Select options (one list: customer_shipment.json,
// which the Python STATUSES follow), less Cancelled: only cancelling the Delivery Note sets that.
// Labelled as the form and list label them (Frappe translates Select options without a context).
window.ralom_shipment_statuses = function () {
	const field = frappe.meta.get_docfield("Customer Shipment", "status");
	return ((field && field.options) || "").split("\n").filter((s) => s && s !== "Cancelled");
};

window.ralom_shipment_status_dialog = function (names, after) {
	const dialog = new frappe.ui.Dialog({
		title: __("Update shipment status"),
		fields: [
			{
				fieldname: "status",
				fieldtype: "Select",
				label: __("Status"),
				reqd: 1,
				options: window.ralom_shipment_statuses(),
			},
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
					if (failed.length) {
						frappe.msgprint(
							failed
								.map(
									(f) =>
										`${frappe.utils.escape_html(f.name)}: ${frappe.utils.escape_html(
											f.error
										)}`
								)
								.join("<br>"),
							__("Not updated")
						);
					} else {
						frappe.show_alert({
							message: __("{0} updated.", [(res.updated || names).length]),
							indicator: "green",
						});
					}
					after && after();
				});
		},
	});
	dialog.show();
};
