// Contract page: sign with the typed full name and the ticked acceptance (the server checks both
// again, and the terms hash the page was rendered with).
import { portalPost, runAction, showError } from "../util";

export default function contractPage(root, data) {
	const box = root.querySelector(".ralom-contract");
	const form = box && box.querySelector(".ralom-sign-form");
	if (!form) return;
	const error = form.querySelector(".ralom-error");
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		if (!form.full_name.value.trim()) return showError(error, data.nameRequired);
		if (!form.accept.checked) return showError(error, data.acceptRequired);
		runAction(form.querySelector("[type=submit]"), error, () =>
			portalPost("ralom_portal.api.contracts.sign", {
				name: box.dataset.contract,
				full_name: form.full_name.value,
				accept: 1,
				terms_hash: box.dataset.termsHash,
			})
		);
	});
}
