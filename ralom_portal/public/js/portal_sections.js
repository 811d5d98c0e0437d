// What a client's membership grants, in words, for desk scripts (loaded with the Customer and Portal
// Invitation forms, hooks.py `doctype_js`). The sections are the registry's (ralom_portal/sections.py),
// sent with the desk's boot (setup/desk_boot.py); the rule is access.customers.customers_for's: a
// Client administrator, or no sections stored, sees every section; `none` no section; else the keys.

frappe.provide("ralom_portal");

ralom_portal.granted_sections = function (role, stored) {
	if (role === "Client administrator" || !(stored || "").trim()) return __("All sections");
	const keys = stored.split(",").map((key) => key.trim());
	const titles = (frappe.boot.ralom_portal_sections || [])
		.filter(([key]) => keys.includes(key))
		.map(([, title]) => __(title, null, "Portal section"));
	return titles.join(", ") || __("none");
};
