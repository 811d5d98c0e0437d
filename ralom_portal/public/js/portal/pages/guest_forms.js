// The two guest forms (registration, invitation): post the form, show the error or the outcome.
import { portalPost, showError } from "../util";

function handle(form, submit) {
	const error = form.querySelector(".ralom-error");
	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		showError(error, "");
		const button = form.querySelector("button[type=submit]");
		button.disabled = true;
		try {
			await submit();
		} catch (e) {
			showError(error, e.message);
		} finally {
			button.disabled = false;
		}
	});
}

export function registerPage(root) {
	const form = root.querySelector(".ralom-register-form");
	if (!form) return;
	handle(form, async () => {
		const args = {};
		for (const [key, value] of new FormData(form).entries()) args[key] = value;
		args.consent = form.consent.checked ? 1 : 0;
		const result = await portalPost("ralom_portal.api.registration.register", args);
		const done = root.querySelector(".ralom-register-done");
		done.textContent = result.message;
		done.hidden = false;
		form.hidden = true;
	});
}

export function acceptInvitationPage(root, data) {
	const form = root.querySelector(".ralom-invitation-form");
	if (!form) return;
	handle(form, async () => {
		if (form.password.value !== form.password2.value) throw new Error(data.mismatch);
		const result = await portalPost("ralom_portal.api.invitations.accept", {
			token: form.token.value,
			password: form.password.value,
		});
		window.location.href = (result && result.redirect) || "/portal";
	});
}
