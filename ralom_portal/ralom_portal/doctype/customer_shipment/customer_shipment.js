// Customer Shipment form: "Update status" (the dialog is public/js/shipment_status.js, shared with the list).

frappe.ui.form.on("Customer Shipment", {
	refresh(frm) {
		if (frm.is_new() || ["Returned", "Cancelled"].includes(frm.doc.status)) return;
		frm.add_custom_button(__("Update status"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the shipment first."));
				return;
			}
			window.ralom_shipment_status_dialog([frm.doc.name], () => frm.reload_doc());
		});
	},
});
