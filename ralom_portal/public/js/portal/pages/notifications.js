// Notifications page: the e-mail preferences form (frequency and event kinds), saved in one call.
import { portalPost, showError } from "../util";

export default function notificationsPage(root, data) {
	const form = root.querySelector("form[data-preferences]");
	if (!form) return;
	const error = form.querySelector(".ralom-error[role=alert]");
	const saved = form.querySelector(".ralom-saved");
	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		const button = form.querySelector("[type=submit]");
		button.disabled = true;
		showError(error, "");
		saved.textContent = "";
		const events = Array.from(form.querySelectorAll("input[name=events]:checked")).map((i) => i.value);
		try {
			await portalPost("ralom_portal.api.notifications.save_preferences", {
				frequency: form.elements.frequency.value,
				events: JSON.stringify(events),
			});
			saved.textContent = data.strings.saved;
		} catch (e) {
			showError(error, e.message);
		} finally {
			button.disabled = false;
		}
	});
}
