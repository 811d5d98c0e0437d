// Sales Invoice form: the e-Factura status, ANAF's messages, and "Send to ANAF" (again after a
// rejection and a fix). The server checks the invoice first and refuses an invoice already sent.

frappe.ui.form.on("Sales Invoice", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.docstatus !== 1) return;
		const status = frm.doc.ralom_efactura_status || "Not Sent";
		const colours = { "Not Sent": "orange", "In Progress": "blue", Validated: "green", Rejected: "red" };
		frm.dashboard.add_indicator(
			__("e-Factura: {0}", [__(status, null, "e-Factura status")]),
			colours[status] || "gray"
		);
		if (frm.doc.ralom_efactura_errors) {
			frm.dashboard.set_headline(
				`<div class="text-danger">${frappe.utils.escape_html(frm.doc.ralom_efactura_errors).replace(/\n/g, "<br>")}</div>`
			);
		}
		if (status !== "Not Sent" && status !== "Rejected") return;
		const label = status === "Rejected" ? __("Send to ANAF again") : __("Send to ANAF");
		frm.add_custom_button(
			label,
			() =>
				frappe
					.call({
						method: "ralom_portal.api.efactura.send",
						args: { name: frm.doc.name },
						freeze: true,
						freeze_message: __("Sending to ANAF…"),
					})
					.then((r) => {
						const result = r.message || {};
						if (result.problems && result.problems.length) {
							frappe.msgprint({
								title: __("e-Factura: not sent"),
								message: result.problems.map((p) => frappe.utils.escape_html(p)).join("<br>"),
								indicator: "red",
							});
						} else {
							frappe.show_alert({ message: __("Sent to ANAF"), indicator: "green" });
						}
						frm.reload_doc();
					}),
			__("e-Factura")
		);
	},
});
