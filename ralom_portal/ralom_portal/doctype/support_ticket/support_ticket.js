// Support Ticket (desk): the whole thread (internal notes marked), "Reply to client" (e-mailed in the
// client's language) and "Internal note" (never shown to the client nor e-mailed).
frappe.ui.form.on("Support Ticket", {
	refresh(frm) {
		render_thread(frm);
		if (frm.is_new() || frm.doc.status === "Closed") return;
		frm.add_custom_button(__("Reply to client"), () => message_dialog(frm, 0));
		frm.add_custom_button(__("Internal note"), () => message_dialog(frm, 1));
		if (frm.doc.first_response_due && !frm.doc.first_response_on) {
			const overdue = frappe.datetime.str_to_obj(frm.doc.first_response_due) < new Date();
			frm.dashboard.set_headline_alert(
				overdue
					? __("First response overdue since {0}", [
							frappe.datetime.str_to_user(frm.doc.first_response_due),
					  ])
					: __("First response due by {0}", [
							frappe.datetime.str_to_user(frm.doc.first_response_due),
					  ]),
				overdue ? "red" : "orange"
			);
		}
	},
});

function render_thread(frm) {
	const thread = (frm.doc.__onload && frm.doc.__onload.thread) || [];
	const html = thread
		.map((m) => {
			const who = frappe.utils.escape_html(m.author_name || "");
			const when = frappe.datetime.str_to_user(m.sent_on);
			const tag = m.internal
				? `<span class="indicator-pill orange">${__("Internal note")}</span>`
				: m.from_client
				? `<span class="indicator-pill blue">${__("Client")}</span>`
				: `<span class="indicator-pill green">${__("Reply to client")}</span>`;
			const files = (m.files || []).map((f) => frappe.utils.escape_html(f)).join(", ");
			return `<div class="frappe-card p-3 mb-2" style="${
				m.internal ? "background: var(--yellow-50, #fffbea)" : ""
			}">
				<div><b>${who}</b> ${tag} <span class="text-muted">${when} · ${frappe.utils.escape_html(
				m.via || ""
			)}</span></div>
				<div style="white-space: pre-line">${frappe.utils.escape_html(m.body || "")}</div>
				${files ? `<div class="text-muted small">${__("Attachments")}: ${files}</div>` : ""}
			</div>`;
		})
		.join("");
	frm.get_field("thread_html").$wrapper.html(html || `<p class="text-muted">${__("No messages yet.")}</p>`);
}

function message_dialog(frm, internal) {
	const fields = [{ fieldname: "body", fieldtype: "Small Text", label: __("Message"), reqd: 1 }];
	if (!internal) {
		fields.push({
			fieldname: "status",
			fieldtype: "Select",
			label: __("Status after the reply"),
			options: ["Awaiting Client", "In Progress", "Resolved"].join("\n"),
			default: "Awaiting Client",
		});
	}
	// Files in the form's sidebar are staff-only; ticked ones move onto the message and travel with it.
	const sidebar = (frm.get_docinfo().attachments || []).map((f) => ({
		label: f.file_name,
		value: f.name,
	}));
	if (sidebar.length) {
		fields.push({
			fieldname: "files",
			fieldtype: "MultiCheck",
			label: internal ? __("Attach files from the sidebar") : __("Send files from the sidebar"),
			options: sidebar,
		});
	}
	const d = new frappe.ui.Dialog({
		title: internal ? __("Internal note (not visible to the client)") : __("Reply to client"),
		fields,
		primary_action_label: internal ? __("Save note") : __("Send reply"),
		primary_action(values) {
			frappe.call({
				method: "ralom_portal.api.tickets.staff_reply",
				args: {
					name: frm.doc.name,
					body: values.body,
					internal,
					status: values.status,
					files: JSON.stringify(values.files || []),
				},
				freeze: true,
				callback() {
					d.hide();
					frm.reload_doc();
				},
			});
		},
	});
	d.show();
}
