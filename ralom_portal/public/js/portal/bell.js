// The bell (templates/portal/bell.html): its list is fetched when it is first opened; opening an
// unread notification marks it read, then follows its link; "Mark all as read" marks every one.
// A failed call never keeps the client from the page.
import { portalGet, portalPost } from "./util";

function render(list, items, emptyText) {
	list.replaceChildren();
	if (!items.length) {
		const li = document.createElement("li");
		li.className = "ralom-empty";
		li.textContent = emptyText;
		list.append(li);
		return;
	}
	for (const item of items) {
		const li = document.createElement("li");
		li.className = item.read ? "read" : "unread";
		li.dataset.eventKind = item.kind;
		const link = document.createElement("a");
		link.href = item.route;
		link.dataset.eventKey = item.key;
		link.textContent = item.text;
		const date = document.createElement("small");
		date.textContent = item.date;
		li.append(link, date);
		list.append(li);
	}
}

export default function bell(shell) {
	const box = shell.querySelector(".ralom-bell");
	if (!box) return;
	const panel = box.querySelector(".ralom-bell-panel");
	const list = box.querySelector("[data-bell-list]");
	let loaded = false;
	box.addEventListener("toggle", async () => {
		if (!box.open || loaded) return;
		loaded = true;
		try {
			const data = await portalGet("ralom_portal.api.notifications.recent");
			render(list, data.items || [], panel.dataset.empty);
		} catch (e) {
			loaded = false;
			list.replaceChildren();
			const li = document.createElement("li");
			li.textContent = panel.dataset.failed;
			list.append(li);
		}
	});
	box.addEventListener("click", async (event) => {
		const link = event.target.closest("a[data-event-key]");
		if (link && link.closest("li.unread")) {
			event.preventDefault();
			try {
				await portalPost("ralom_portal.api.notifications.mark_read", {
					keys: JSON.stringify([link.dataset.eventKey]),
				});
			} catch (e) {
				// The page still opens; the notification stays unread.
			}
			window.location.href = link.href;
			return;
		}
		const all = event.target.closest("[data-action=mark-all-read]");
		if (all) {
			all.disabled = true;
			try {
				await portalPost("ralom_portal.api.notifications.mark_all_read", {});
			} finally {
				window.location.reload();
			}
		}
	});
}
