// Quote request page: cancel while the request has not been quoted.
import { portalPost, showError } from "../util";

export default function quoteRequestPage(root, data) {
	const box = root.querySelector(".ralom-quote-request");
	const button = box && box.querySelector("[data-action=cancel]");
	if (!button) return;
	const error = box.querySelector(".ralom-error");
	button.addEventListener("click", async () => {
		if (!window.confirm(data.confirmCancel)) return;
		button.disabled = true;
		try {
			await portalPost("ralom_portal.api.quote_requests.cancel", { name: box.dataset.quoteRequest });
			window.location.reload();
		} catch (e) {
			showError(error, e.message);
			button.disabled = false;
		}
	});
}
