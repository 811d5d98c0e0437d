// Files library: inline preview of PDFs and images, client uploads, deleting one's own uploads.
import { portalPost, portalUpload, runAction } from "../util";

function preview(dialog, button) {
	const body = dialog.querySelector(".ralom-file-preview-body");
	body.replaceChildren();
	const url = `${button.dataset.url}`;
	let view;
	if (button.dataset.kind === "pdf") {
		view = document.createElement("iframe");
		view.title = button.dataset.title;
	} else {
		view = document.createElement("img");
		view.alt = button.dataset.title;
	}
	view.src = url;
	body.append(view);
	dialog.querySelector(".ralom-file-preview-title").textContent = button.dataset.title;
	if (dialog.showModal) dialog.showModal();
	else window.open(url, "_blank", "noopener");
}

export default function filesPage(root, data) {
	const box = root.querySelector(".ralom-files-library");
	if (!box) return;
	const dialog = box.querySelector(".ralom-file-preview");

	box.addEventListener("click", (event) => {
		const button = event.target.closest("[data-action]");
		if (!button) return;
		if (button.dataset.action === "preview") preview(dialog, button);
		if (button.dataset.action === "close") dialog.close();
		if (button.dataset.action === "delete") {
			if (!window.confirm(data.confirmDelete)) return;
			// A row has no error box of its own: a refusal is shown in an alert.
			runAction(button, null, () =>
				portalPost("ralom_portal.api.files.delete", { name: button.dataset.name })
			);
		}
	});

	const form = box.querySelector(".ralom-files-upload");
	if (!form) return;
	const error = form.querySelector(".ralom-error");
	form.addEventListener("submit", (event) => {
		event.preventDefault();
		const input = form.querySelector("input[type=file]");
		const formData = new FormData();
		for (const file of input.files) formData.append("files", file);
		const target = form.querySelector("select[name=target]").value;
		if (target) formData.append("quote_request", target);
		runAction(form.querySelector("button[type=submit]"), error, () =>
			portalUpload("ralom_portal.api.files.upload", formData)
		);
	});
}
