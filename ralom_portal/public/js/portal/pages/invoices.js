// Invoices list: the "Arhivă e-Factura" form downloads the period's ZIP without leaving the page,
// and a refusal (no invoice sent in the period, a period over a year) is shown where the form is,
// in the page's language, instead of Frappe's raw JSON answer.
import { errorMessage, showError } from "../util";

function fileName(response, fallback) {
	const header = response.headers.get("Content-Disposition") || "";
	const match = /filename="?([^";]+)"?/.exec(header);
	return match ? match[1] : fallback;
}

export default function invoicesPage(root) {
	const form = root.querySelector("form[data-efactura-archive]");
	if (!form) return;
	const box = form.querySelector("[data-archive-error]");
	const button = form.querySelector("button[type=submit]");
	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		showError(box, "");
		button.disabled = true;
		try {
			const query = new URLSearchParams(new FormData(form)).toString();
			const response = await fetch(`${form.action}?${query}`, {
				headers: { Accept: "application/json" },
			});
			const type = response.headers.get("Content-Type") || "";
			if (!response.ok || type.includes("json")) {
				const data = await response.json().catch(() => ({}));
				showError(box, errorMessage(data, response));
				return;
			}
			const url = URL.createObjectURL(await response.blob());
			const link = document.createElement("a");
			link.href = url;
			link.download = fileName(response, "arhiva-efactura.zip");
			document.body.append(link);
			link.click();
			link.remove();
			setTimeout(() => URL.revokeObjectURL(url), 10000);
		} catch (e) {
			showError(box, e.message);
		} finally {
			button.disabled = false;
		}
	});
}
