// Offer page: one-click accept (after a confirmation) and reject with a reason.
import { portalPost, runAction } from "../util";

export default function offerPage(root, data) {
	const box = root.querySelector(".ralom-offer");
	const decide = box && box.querySelector(".ralom-decide");
	if (!decide) return;
	const error = decide.querySelector(".ralom-error");
	const form = decide.querySelector(".ralom-reject-form");
	decide.querySelector("[data-action=accept]").addEventListener("click", (event) => {
		if (!window.confirm(data.confirmAccept)) return;
		runAction(event.target, error, () =>
			portalPost("ralom_portal.api.offers.accept", {
				name: box.dataset.offer,
				content_hash: box.dataset.contentHash,
			})
		);
	});
	decide.querySelector("[data-action=show-reject]").addEventListener("click", () => {
		form.hidden = false;
	});
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		runAction(form.querySelector("[type=submit]"), error, () =>
			portalPost("ralom_portal.api.offers.reject", {
				name: box.dataset.offer,
				reason: form.reason.value,
				detail: form.detail.value,
			})
		);
	});
}
