// New support ticket: checked here first, then on the server (which is the authority).
import { fmt, portalUpload, showError } from "../util";

export default function ticketNewPage(root, data) {
	const form = root.querySelector(".ralom-ticket-form");
	if (!form) return;
	const T = data.strings;
	const { max_files: maxFiles, max_file_mb: maxMb } = data.limits;
	const error = form.querySelector(".ralom-error[role=alert]");
	const button = form.querySelector("[type=submit]");

	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		const subject = form.elements.subject.value.trim();
		const description = form.elements.description.value.trim();
		const files = Array.from(form.elements.files.files || []);
		if (!subject) return showError(error, T.subjectRequired);
		if (!description) return showError(error, T.descriptionRequired);
		if (files.length > maxFiles) return showError(error, fmt(T.maxFiles, maxFiles));
		const big = files.find((f) => f.size > maxMb * 1024 * 1024);
		if (big) return showError(error, fmt(T.tooLarge, big.name, maxMb));
		const payload = {
			subject,
			description,
			category: form.elements.category.value,
			submission_key: form.dataset.submissionKey,
		};
		if (form.elements.reference_doctype) {
			payload.reference_doctype = form.elements.reference_doctype.value;
			payload.reference_name = form.elements.reference_name.value;
		}
		const body = new FormData();
		body.append("data", JSON.stringify(payload));
		files.forEach((f) => body.append("files", f, f.name));
		button.disabled = true;
		showError(error, "");
		try {
			const result = await portalUpload("ralom_portal.api.tickets.create", body);
			window.location.href = `/portal/tickets/${encodeURIComponent(result.name)}`;
		} catch (e) {
			showError(error, e.message);
			button.disabled = false;
		}
	});
}
