// Quote request page: cancel while the request has not been quoted.
import { portalPost, runAction } from "../util";

export default function quoteRequestPage(root, data) {
	const box = root.querySelector(".ralom-quote-request");
	const button = box && box.querySelector("[data-action=cancel]");
	if (!button) return;
	const error = box.querySelector(".ralom-error");
	button.addEventListener("click", () => {
		if (!window.confirm(data.confirmCancel)) return;
		runAction(button, error, () =>
			portalPost("ralom_portal.api.quote_requests.cancel", { name: box.dataset.quoteRequest })
		);
	});
}
