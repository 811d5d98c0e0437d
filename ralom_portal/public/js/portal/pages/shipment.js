// Shipment page: confirm receipt, or report a problem (which opens a support ticket about it).
import { portalPost, runAction, showError } from "../util";

export default function shipmentPage(root, data) {
	const box = root.querySelector(".ralom-shipment");
	if (!box) return;
	const T = data.strings || {};
	const name = box.dataset.shipment;
	const error = box.querySelector(".ralom-error[role=alert]");

	const confirm = box.querySelector("[data-action=confirm-receipt]");
	if (confirm) {
		confirm.addEventListener("click", () => {
			if (!window.confirm(T.confirmReceipt)) return;
			runAction(confirm, error, () =>
				portalPost("ralom_portal.api.shipments.confirm_receipt", { name })
			);
		});
	}

	const form = box.querySelector(".ralom-shipment-problem");
	if (form) {
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			const description = form.elements.description.value.trim();
			if (!description) return showError(error, T.descriptionRequired);
			runAction(
				form.querySelector("[type=submit]"),
				error,
				() =>
					portalPost("ralom_portal.api.shipments.report_problem", {
						name,
						description,
						submission_key: form.elements.submission_key.value,
					}),
				// The problem became a support ticket: the client goes on in its thread.
				(result) => {
					window.location.href = `/portal/tickets/${encodeURIComponent(result.ticket)}`;
				}
			);
		});
	}
}
