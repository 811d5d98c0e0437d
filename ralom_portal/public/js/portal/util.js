// Helpers shared by the portal's page modules: calls to our API, error text, page data.

function csrfToken() {
	return (window.frappe && frappe.csrf_token) || "";
}

// The readable message of a failed Frappe call (`message`, else the first server message).
export function errorMessage(data, response) {
	let message = data && data.message;
	if (!message && data && data._server_messages) {
		try {
			message = JSON.parse(JSON.parse(data._server_messages)[0]).message;
		} catch (e) {
			message = null;
		}
	}
	return message || response.statusText;
}

async function call(method, init) {
	const response = await fetch(`/api/method/${method}`, init);
	const data = await response.json().catch(() => ({}));
	if (!response.ok) throw new Error(errorMessage(data, response));
	return data.message;
}

// POST to one of our whitelisted methods; resolves to `message`, rejects with a readable error.
export function portalPost(method, args = {}) {
	const body = new URLSearchParams();
	for (const [key, value] of Object.entries(args)) {
		body.append(key, typeof value === "object" ? JSON.stringify(value) : value);
	}
	return call(method, {
		method: "POST",
		headers: {
			Accept: "application/json",
			"X-Frappe-CSRF-Token": csrfToken(),
			"Content-Type": "application/x-www-form-urlencoded",
		},
		body,
	});
}

// POST a FormData (files included) to one of our methods.
export function portalUpload(method, formData) {
	return call(method, {
		method: "POST",
		headers: { Accept: "application/json", "X-Frappe-CSRF-Token": csrfToken() },
		body: formData,
	});
}

export function portalGet(method, params = {}) {
	const query = new URLSearchParams(params).toString();
	return call(`${method}?${query}`, { headers: { Accept: "application/json" } });
}

// "{0} of {1}" style placeholders, as in Frappe's translated strings.
export function fmt(text, ...args) {
	return text.replace(/\{(\d+)\}/g, (m, i) => (args[i] !== undefined ? args[i] : m));
}

// The page's strings and limits, rendered by the template as one JSON block (macros.page_data).
export function pageData() {
	const node = document.getElementById("ralom-page-data");
	if (!node) return {};
	try {
		return JSON.parse(node.textContent);
	} catch (e) {
		return {};
	}
}

// Show `message` in the page's error box (role=alert), or hide it when message is empty.
export function showError(box, message) {
	if (!box) return;
	box.textContent = message || "";
	box.hidden = !message;
	if (message) box.scrollIntoView({ block: "center" });
}

// One portal action (a button or a form's submit): `button` stays disabled and the error box is
// cleared while `action` (a call returning a promise) runs; then `done(result)` (by default the page
// reloads to show the new state), or the call's translated error is shown (in `error`, else in an
// alert) and the button is enabled again for another try.
export async function runAction(button, error, action, done = () => window.location.reload()) {
	button.disabled = true;
	showError(error, "");
	try {
		done(await action());
	} catch (e) {
		if (error) showError(error, e.message);
		else window.alert(e.message);
		button.disabled = false;
	}
}
