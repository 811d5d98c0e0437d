// Quote Request (desk): "Create Quotation" maps the request onto a draft ERPNext Quotation.
frappe.ui.form.on("Quote Request", {
	refresh(frm) {
		if (frm.is_new() || ["Closed", "Cancelled"].includes(frm.doc.status)) return;
		if (frappe.model.can_create("Quotation")) {
			frm.add_custom_button(__("Create Quotation"), () => {
				frappe.model.open_mapped_doc({
					method: "ralom_portal.ralom_portal.doctype.quote_request.quote_request.make_quotation",
					frm,
				});
			}, __("Create"));
		}
		frm.add_custom_button(__("Quotations"), () => {
			frappe.set_route("List", "Quotation", { ralom_quote_request: frm.doc.name });
		}, __("View"));
	},
});
