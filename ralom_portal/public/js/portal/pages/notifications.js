// Notifications page: the e-mail preferences form (frequency and event kinds), saved in one call.
import { portalPost, runAction } from "../util";

export default function notificationsPage(root, data) {
	const form = root.querySelector("form[data-preferences]");
	if (!form) return;
	const error = form.querySelector(".ralom-error[role=alert]");
	const saved = form.querySelector(".ralom-saved");
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		const button = form.querySelector("[type=submit]");
		saved.textContent = "";
		const events = Array.from(form.querySelectorAll("input[name=events]:checked")).map((i) => i.value);
		const save = () =>
			portalPost("ralom_portal.api.notifications.save_preferences", {
				frequency: form.elements.frequency.value,
				events: JSON.stringify(events),
			});
		// The page stays: say it is saved and let the form be saved again.
		runAction(button, error, save, () => {
			saved.textContent = data.strings.saved;
			button.disabled = false;
		});
	});
}
