// Shipment page: confirm receipt, or report a problem (which opens a support ticket about it).
import { portalPost, showError } from "../util";

export default function shipmentPage(root, data) {
	const box = root.querySelector(".ralom-shipment");
	if (!box) return;
	const T = data.strings || {};
	const name = box.dataset.shipment;
	const error = box.querySelector(".ralom-error[role=alert]");

	const confirm = box.querySelector("[data-action=confirm-receipt]");
	if (confirm) {
		confirm.addEventListener("click", async () => {
			if (!window.confirm(T.confirmReceipt)) return;
			confirm.disabled = true;
			showError(error, "");
			try {
				await portalPost("ralom_portal.api.shipments.confirm_receipt", { name });
				window.location.reload();
			} catch (e) {
				showError(error, e.message);
				confirm.disabled = false;
			}
		});
	}

	const form = box.querySelector(".ralom-shipment-problem");
	if (form) {
		form.addEventListener("submit", async (event) => {
			event.preventDefault();
			const description = form.elements.description.value.trim();
			if (!description) return showError(error, T.descriptionRequired);
			const submit = form.querySelector("[type=submit]");
			submit.disabled = true;
			showError(error, "");
			try {
				const result = await portalPost("ralom_portal.api.shipments.report_problem", {
					name,
					description,
					submission_key: form.elements.submission_key.value,
				});
				window.location.href = `/portal/tickets/${encodeURIComponent(result.ticket)}`;
			} catch (e) {
				showError(error, e.message);
				submit.disabled = false;
			}
		});
	}
}
