// Customer form: invite a contact to the client portal by e-mail (single-use link, 7 days).

frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(
			__("Invite to client portal"),
			() => {
				const d = new frappe.ui.Dialog({
					title: __("Invite to client portal"),
					fields: [
						{
							fieldname: "email",
							fieldtype: "Data",
							options: "Email",
							label: __("Email"),
							reqd: 1,
						},
						{ fieldname: "first_name", fieldtype: "Data", label: __("First name") },
						{
							fieldname: "language",
							fieldtype: "Select",
							label: __("Language"),
							options: "ro\nen",
							default: frm.doc.language === "en" ? "en" : "ro",
						},
					],
					primary_action_label: __("Send invitation"),
					primary_action(values) {
						frappe
							.call({
								method: "ralom_portal.api.invitations.invite",
								args: { customer: frm.doc.name, ...values },
								freeze: true,
							})
							.then((r) => {
								d.hide();
								frappe.show_alert({
									message: __("Invitation sent to {0}", [
										frappe.utils.escape_html(r.message.email),
									]),
									indicator: "green",
								});
							});
					},
				});
				d.show();
			},
			__("Client Portal")
		);
	},
});
