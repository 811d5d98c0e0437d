// Customer form, "Portal Users" tab: the client's team as people read it (issue 27). The grid holds the
// links and is where staff edit a person's role and sections (section keys, as the field's description
// lists them); a row not being edited shows its sections in words. Under the grid, the saved team:
// name, role, sections, last sign-in. Its rows are the Portal Users report's rows for this customer
// (one query, the report's own permission), so the panel and the report never disagree and no second
// server method exists.

frappe.ui.form.on("Customer", {
	refresh(frm) {
		const grid = frm.fields_dict.portal_users;
		if (!grid) return;
		ralom_sections_in_words(frm);
		grid.$wrapper.find(".ralom-team").remove();
		// Staff without the report (e.g. Accounts User) keep the grid only.
		if (frm.is_new() || !(frappe.boot.user.all_reports || {})["Portal Users"]) return;
		if (!(frm.doc.portal_users || []).length) return;
		const panel = $('<div class="ralom-team" style="margin-top: var(--margin-md)"></div>').appendTo(
			grid.$wrapper
		);
		frappe
			.xcall("frappe.desk.query_report.run", {
				report_name: "Portal Users",
				filters: { customer: frm.doc.name },
			})
			.then((r) => panel.html(ralom_team_html(frm.doc.name, r.result || [])));
	},
});

// The grid's Sections cells in words (public/js/portal_sections.js); the editor keeps the keys.
function ralom_sections_in_words(frm) {
	const formatter = (value, df, options, doc) =>
		frappe.utils.escape_html(ralom_portal.granted_sections(doc && doc.ralom_portal_role, value));
	for (const name of [frm.doc.name, ...(frm.doc.portal_users || []).map((row) => row.name)]) {
		const df = frappe.meta.get_docfield("Portal User", "ralom_sections", name);
		if (df) df.formatter = formatter;
	}
	frm.fields_dict.portal_users.grid.refresh();
}

function ralom_team_html(customer, rows) {
	const e = frappe.utils.escape_html;
	const body = rows
		.map(
			(r) => `<tr>
				<td>${e(r.full_name || r.user)}${r.enabled ? "" : ` <span class="text-muted">(${__("Disabled")})</span>`}</td>
				<td>${e(r.user)}</td>
				<td>${e(r.role || "")}</td>
				<td>${e(r.sections || "")}</td>
				<td>${r.last_login ? e(frappe.datetime.str_to_user(r.last_login)) : __("Never")}</td>
			</tr>`
		)
		.join("");
	const report = `/app/query-report/Portal Users?customer=${encodeURIComponent(customer)}`;
	return `<div class="form-section-heading uppercase">${__("Team")}</div>
		<table class="table table-bordered table-sm" style="margin-bottom: var(--margin-sm)">
			<thead><tr>
				<th>${__("Full Name")}</th><th>${__("User")}</th><th>${__("Client Portal Role")}</th>
				<th>${__("Sections")}</th><th>${__("Last sign-in")}</th>
			</tr></thead>
			<tbody>${body}</tbody>
		</table>
		<a href="${e(report)}">${__("Open the Portal Users report")}</a>`;
}
