// Offer page: one-click accept (after a confirmation) and reject with a reason.
import { portalPost, showError } from "../util";

export default function offerPage(root, data) {
	const box = root.querySelector(".ralom-offer");
	const decide = box && box.querySelector(".ralom-decide");
	if (!decide) return;
	const error = decide.querySelector(".ralom-error");
	const form = decide.querySelector(".ralom-reject-form");
	decide.querySelector("[data-action=accept]").addEventListener("click", async (event) => {
		if (!window.confirm(data.confirmAccept)) return;
		event.target.disabled = true;
		try {
			await portalPost("ralom_portal.api.offers.accept", {
				name: box.dataset.offer,
				content_hash: box.dataset.contentHash,
			});
			window.location.reload();
		} catch (e) {
			showError(error, e.message);
			event.target.disabled = false;
		}
	});
	decide.querySelector("[data-action=show-reject]").addEventListener("click", () => {
		form.hidden = false;
	});
	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		const submit = form.querySelector("[type=submit]");
		submit.disabled = true;
		try {
			await portalPost("ralom_portal.api.offers.reject", {
				name: box.dataset.offer,
				reason: form.reason.value,
				detail: form.detail.value,
			});
			window.location.reload();
		} catch (e) {
			showError(error, e.message);
			submit.disabled = false;
		}
	});
}
