// Desk: share files with the client company in the Client Portal (library "Fișiere").
// On a File attached to a Customer: "Share with client" / "Stop sharing with client".
// On a Customer: "Share a file with client" picks one of the Customer's attachments.

function share(name, shared, folder) {
	return frappe.call({
		method: "ralom_portal.api.files.share",
		type: "POST",
		args: { name, shared: shared ? 1 : 0, folder: folder || "" },
	});
}

function askFolder(title, current, callback) {
	frappe.prompt(
		[{ fieldname: "folder", fieldtype: "Data", label: __("Client Portal Folder"), default: current || "" }],
		(values) => callback(values.folder),
		title,
		__("Share")
	);
}

frappe.ui.form.on("File", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.is_folder || frm.doc.attached_to_doctype !== "Customer") return;
		if (frm.doc.ralom_portal_shared) {
			frm.add_custom_button(__("Stop sharing with client"), () =>
				share(frm.doc.name, false).then(() => frm.reload_doc())
			);
		} else {
			frm.add_custom_button(__("Share with client"), () =>
				askFolder(__("Share with client"), frm.doc.ralom_portal_folder, (folder) =>
					share(frm.doc.name, true, folder).then(() => frm.reload_doc())
				)
			);
		}
	},
});

frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(
			__("Share a file with client"),
			() => {
				const files = (frm.attachments && frm.attachments.get_attachments()) || [];
				if (!files.length) {
					frappe.msgprint(__("Attach the file to this customer first."));
					return;
				}
				const d = new frappe.ui.Dialog({
					title: __("Share a file with client"),
					fields: [
						{
							fieldname: "file",
							fieldtype: "Select",
							label: __("File"),
							reqd: 1,
							options: files.map((f) => ({ value: f.name, label: f.file_name })),
						},
						{ fieldname: "folder", fieldtype: "Data", label: __("Client Portal Folder") },
						{ fieldname: "shared", fieldtype: "Check", label: __("Shared with Client (Client Portal)"), default: 1 },
					],
					primary_action_label: __("Save"),
					primary_action(values) {
						share(values.file, values.shared, values.folder).then(() => {
							d.hide();
							frappe.show_alert({ message: __("Saved"), indicator: "green" });
						});
					},
				});
				d.show();
			},
			__("Client Portal")
		);
	},
});
