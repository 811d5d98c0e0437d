// Contract form: "Send to client for signature" shows a customer's contract in the client portal
// (a draft stays invisible to the client until then) and records the terms as sent.

frappe.ui.form.on("Contract", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.docstatus === 2 || frm.doc.is_signed) return;
		if (frm.doc.party_type !== "Customer") return;
		const label = frm.doc.ralom_sent_for_signature
			? __("Sent to client for signature")
			: __("Send to client for signature");
		if (frm.doc.ralom_sent_for_signature) {
			frm.dashboard.set_headline(
				__("Sent to the client for signature on {0}. Editing the terms sends the new terms instead.", [
					frappe.datetime.str_to_user(frm.doc.ralom_sent_on),
				])
			);
			return;
		}
		frm.add_custom_button(label, () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the contract first."));
				return;
			}
			frappe.confirm(__("Show this contract to the client in the portal and ask them to sign it?"), () =>
				frappe
					.call({
						method: "ralom_portal.api.contracts.send_for_signature",
						args: { name: frm.doc.name },
						freeze: true,
					})
					.then(() => {
						frappe.show_alert({ message: __("Sent to the client for signature"), indicator: "green" });
						frm.reload_doc();
					})
			);
		});
	},
});
