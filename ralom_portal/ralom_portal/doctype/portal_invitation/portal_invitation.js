// A pending invitation can be revoked; the link in the e-mail then stops working.

frappe.ui.form.on("Portal Invitation", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Pending") return;
		frm.add_custom_button(__("Revoke"), () => {
			frappe.confirm(__("Revoke this invitation? Its link will stop working."), () =>
				frappe
					.call({ method: "ralom_portal.api.invitations.revoke", args: { name: frm.doc.name }, freeze: true })
					.then(() => frm.reload_doc())
			);
		});
	},
});
