// Staff act on an invitation not yet used: approve one a client administrator sent while Client Portal
// Settings ask staff to approve them (its link is e-mailed then, not before), or revoke it (its link
// stops working). The intro says who invited the person and what they will see (in words:
// public/js/portal_sections.js, loaded with this form by hooks.py).

frappe.ui.form.on("Portal Invitation", {
	refresh(frm) {
		if (frm.is_new()) return;
		ralom_invitation_intro(frm);
		const status = frm.doc.status;
		if (status === "Awaiting approval") {
			frm.add_custom_button(__("Approve"), () => {
				frappe.confirm(
					__("Approve this invitation? Its link is e-mailed to {0}.", [
						frappe.utils.escape_html(frm.doc.email),
					]),
					() => ralom_invitation_call(frm, "approve")
				);
			}).addClass("btn-primary");
		}
		if (status === "Awaiting approval" || status === "Pending") {
			frm.add_custom_button(__("Revoke"), () => {
				frappe.confirm(__("Revoke this invitation? Its link will stop working."), () =>
					ralom_invitation_call(frm, "revoke")
				);
			});
		}
	},
});

function ralom_invitation_call(frm, action) {
	return frappe
		.call({
			method: `ralom_portal.api.invitations.${action}`,
			args: { name: frm.doc.name },
			freeze: true,
		})
		.then(() => frm.reload_doc());
}

function ralom_invitation_intro(frm) {
	const doc = frm.doc;
	if (!doc.role) return;
	const who = frappe.utils.escape_html(frappe.user.full_name(doc.invited_by) || doc.invited_by || "");
	const what = [
		frappe.utils.escape_html(__(doc.role)),
		frappe.utils.escape_html(ralom_portal.granted_sections(doc.role, doc.sections)),
	];
	if (doc.status === "Awaiting approval") {
		frm.set_intro(
			__(
				"{0} invited this person as {1}, with these sections: {2}. Nothing is e-mailed until staff approve it.",
				[who, ...what]
			),
			"orange"
		);
	} else {
		frm.set_intro(
			__("{0} invited this person as {1}, with these sections: {2}.", [who, ...what]),
			"blue"
		);
	}
}
