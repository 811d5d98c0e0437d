// Ticket thread: reply (with files), mark resolved (with an optional rating), reopen.
import { portalPost, portalUpload, runAction, showError } from "../util";

export default function ticketPage(root, data) {
	const box = root.querySelector(".ralom-ticket");
	if (!box) return;
	const T = data.strings;
	const name = box.dataset.ticket;
	const error = box.querySelector(".ralom-error[role=alert]");

	// Showing the thread clears its unread marker: a POST, because the GET that rendered it writes nothing.
	if (box.dataset.unread) portalPost("ralom_portal.api.tickets.mark_read", { name }).catch(() => {});

	const reply = box.querySelector(".ralom-ticket-reply");
	if (reply) {
		reply.addEventListener("submit", (event) => {
			event.preventDefault();
			const text = reply.elements.body.value.trim();
			if (!text) return showError(error, T.bodyRequired);
			const body = new FormData();
			body.append("name", name);
			body.append("body", text);
			Array.from(reply.elements.files.files || []).forEach((f) => body.append("files", f, f.name));
			runAction(reply.querySelector("[type=submit]"), error, () =>
				portalUpload("ralom_portal.api.tickets.reply", body)
			);
		});
	}

	const resolve = box.querySelector(".ralom-ticket-resolve");
	if (resolve) {
		resolve.addEventListener("submit", (event) => {
			event.preventDefault();
			if (!window.confirm(T.confirmResolve)) return;
			runAction(resolve.querySelector("[type=submit]"), error, () =>
				portalPost("ralom_portal.api.tickets.resolve", {
					name,
					rating: resolve.elements.rating.value,
					comment: resolve.elements.comment.value,
				})
			);
		});
	}

	const reopen = box.querySelector("[data-action=reopen]");
	if (reopen) {
		reopen.addEventListener("click", () =>
			runAction(reopen, error, () => portalPost("ralom_portal.api.tickets.reopen", { name }))
		);
	}
}
