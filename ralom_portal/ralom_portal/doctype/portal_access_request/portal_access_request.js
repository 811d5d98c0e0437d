// Review of a client portal registration: likely customers, then link / create / reject.

const RALOM_REG_API = "ralom_portal.api.registration";

frappe.ui.form.on("Portal Access Request", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Pending") return;
		frappe
			.call({ method: `${RALOM_REG_API}.get_matches`, args: { name: frm.doc.name } })
			.then((r) => {
				const matches = r.message || [];
				ralom_show_matches(frm, matches);
				ralom_add_buttons(frm, matches);
			});
	},
});

function ralom_show_matches(frm, matches) {
	if (!matches.length) {
		frm.set_intro(__("No existing customer matches this request."), "blue");
		return;
	}
	const rows = matches
		.map(
			(m) =>
				`<li><a href="/app/customer/${encodeURIComponent(m.name)}">${frappe.utils.escape_html(
					m.customer_name
				)}</a> ${m.tax_id ? "· " + frappe.utils.escape_html(m.tax_id) : ""} — ${m.reason_labels
					.map((x) => frappe.utils.escape_html(x))
					.join(", ")}${m.disabled ? " (" + __("disabled") + ")" : ""}</li>`
		)
		.join("");
	frm.set_intro(`${__("Likely matching customers")}:<ul>${rows}</ul>`, "yellow");
}

function ralom_add_buttons(frm, matches) {
	frm.add_custom_button(
		__("Link to existing customer"),
		() => {
			const d = new frappe.ui.Dialog({
				title: __("Link to existing customer"),
				fields: [
					{
						fieldname: "warning",
						fieldtype: "HTML",
						options: `<div class="alert alert-warning">${__(
							"Anyone can type a company's tax ID. Link only after checking that this person really acts for the customer. The customer's current portal users will be told by e-mail."
						)}</div>`,
					},
					{
						fieldname: "customer",
						fieldtype: "Link",
						options: "Customer",
						label: __("Customer"),
						reqd: 1,
						default: frm.doc.matched_customer || (matches[0] && matches[0].name),
					},
				],
				primary_action_label: __("Approve"),
				primary_action(values) {
					d.hide();
					ralom_decide(frm, "approve", { customer: values.customer });
				},
			});
			d.show();
		},
		__("Decide")
	);
	frm.add_custom_button(
		__("Create new customer"),
		() => {
			frappe.confirm(
				__("Create the customer {0} and link this user to it? If a customer with the same tax ID exists, nothing is created: check the match and use Link to existing customer.", [
					frappe.utils.escape_html(frm.doc.company_name),
				]),
				() => ralom_decide(frm, "approve", {})
			);
		},
		__("Decide")
	);
	frm.add_custom_button(
		__("Reject"),
		() => {
			frappe.prompt(
				[{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }],
				(values) => ralom_decide(frm, "reject", { reason: values.reason }),
				__("Reject"),
				__("Reject")
			);
		},
		__("Decide")
	);
}

function ralom_decide(frm, action, args) {
	frappe
		.call({ method: `${RALOM_REG_API}.${action}`, args: { name: frm.doc.name, ...args }, freeze: true })
		.then(() => frm.reload_doc());
}
