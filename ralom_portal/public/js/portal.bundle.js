// Portal shell behaviour shared by every /portal page: language switch and a POST helper.

function csrfToken() {
	return (window.frappe && frappe.csrf_token) || "";
}

// POST to one of our whitelisted methods; resolves to `message`, rejects with a readable error.
export async function portalPost(method, args = {}) {
	const body = new URLSearchParams();
	for (const [key, value] of Object.entries(args)) {
		body.append(key, typeof value === "object" ? JSON.stringify(value) : value);
	}
	const response = await fetch(`/api/method/${method}`, {
		method: "POST",
		headers: {
			Accept: "application/json",
			"X-Frappe-CSRF-Token": csrfToken(),
			"Content-Type": "application/x-www-form-urlencoded",
		},
		body,
	});
	const data = await response.json().catch(() => ({}));
	if (!response.ok) {
		let message = data.message;
		if (!message && data._server_messages) {
			try {
				message = JSON.parse(JSON.parse(data._server_messages)[0]).message;
			} catch (e) {
				message = null;
			}
		}
		throw new Error(message || response.statusText);
	}
	return data.message;
}

window.ralomPortal = { post: portalPost };

document.addEventListener("click", async (event) => {
	const button = event.target.closest(".ralom-lang [data-lang]");
	if (!button) return;
	try {
		await portalPost("ralom_portal.api.session.set_language", { language: button.dataset.lang });
		window.location.reload();
	} catch (e) {
		window.alert(e.message);
	}
});
