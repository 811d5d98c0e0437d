// New quote request: catalogue search, free-text lines, delivery, files; checked here first, then
// on the server (which is the authority).
import { fmt, portalGet, portalUpload, showError } from "../util";

const TO_ADDRESS = "Delivery to address";

function el(tag, attrs = {}, text) {
	const node = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
	if (text !== undefined) node.textContent = text;
	return node;
}

export default function quoteRequestNewPage(root, data) {
	const form = root.querySelector(".ralom-qr-form");
	if (!form) return;
	const T = data.strings;
	const { max_lines: maxLines, max_files: maxFiles, max_file_mb: maxMb, extensions } = data.limits;
	const error = form.querySelector(".ralom-error");
	const tbody = form.querySelector(".ralom-qr-lines tbody");
	const empty = form.querySelector(".ralom-qr-nolines");
	const results = form.querySelector(".ralom-qr-results");
	const search = form.querySelector("#ralom-qr-search");
	const show = (message) => showError(error, message);

	function refresh() {
		empty.hidden = tbody.children.length > 0;
	}

	function addLine(item) {
		if (tbody.children.length >= maxLines) {
			show(fmt(T.maxLines, maxLines));
			return;
		}
		const tr = el("tr");
		const cell = el("td");
		if (item) {
			tr.dataset.itemCode = item.item_code;
			cell.append(
				el("span", {}, item.item_name || item.item_code),
				" ",
				el("small", { class: "text-muted" }, item.item_code)
			);
		} else {
			cell.append(
				el("input", {
					name: "description",
					maxlength: "1000",
					placeholder: T.describe,
					"aria-label": T.describe,
				})
			);
		}
		tr.append(cell);
		const qty = el("td");
		qty.append(
			el("input", {
				name: "qty",
				type: "number",
				min: "0.001",
				step: "any",
				max: "1000000",
				value: "1",
				"aria-label": T.quantity,
			})
		);
		const uom = el("td");
		uom.append(
			el("input", {
				name: "uom",
				maxlength: "140",
				value: (item && item.stock_uom) || "Nos",
				readonly: "readonly",
				"aria-label": T.unit,
			})
		);
		const note = el("td");
		note.append(el("input", { name: "line_note", maxlength: "500", "aria-label": T.note }));
		const rm = el("td");
		const b = el("button", { type: "button", class: "btn btn-link btn-sm" }, T.remove);
		b.addEventListener("click", () => {
			tr.remove();
			refresh();
		});
		rm.append(b);
		tr.append(qty, uom, note, rm);
		tbody.append(tr);
		refresh();
	}
	form.querySelector("[data-action=add-free]").addEventListener("click", () => addLine(null));

	let timer = null;
	search.addEventListener("input", () => {
		clearTimeout(timer);
		timer = setTimeout(async () => {
			const txt = search.value.trim();
			results.innerHTML = "";
			if (!txt) {
				results.hidden = true;
				return;
			}
			const items = await portalGet("ralom_portal.api.quote_requests.search_items", { txt }).catch(
				() => []
			);
			if (!items || !items.length) results.append(el("li", { class: "text-muted" }, T.noResults));
			for (const item of items || []) {
				const li = el(
					"li",
					{ role: "option", tabindex: "0" },
					`${item.item_name} (${item.item_code})`
				);
				const pick = () => {
					addLine(item);
					results.hidden = true;
					search.value = "";
				};
				li.addEventListener("click", pick);
				li.addEventListener("keydown", (e) => {
					if (e.key === "Enter") {
						e.preventDefault();
						pick();
					}
				});
				results.append(li);
			}
			results.hidden = false;
		}, 250);
	});

	const addressBox = form.querySelector(".ralom-qr-address");
	const addressSelect = form.querySelector("#ralom-qr-address");
	const newAddress = form.querySelector(".ralom-qr-new-address");
	function syncDelivery() {
		addressBox.hidden = form.delivery_option.value !== TO_ADDRESS;
		newAddress.hidden = addressSelect.value !== "__new__";
	}
	form.addEventListener("change", syncDelivery);
	syncDelivery();

	function collect() {
		const rows = [...tbody.children];
		if (!rows.length) throw new Error(T.noLines);
		if (rows.length > maxLines) throw new Error(fmt(T.maxLines, maxLines));
		const items = rows.map((tr, i) => {
			const n = i + 1;
			const qty = Number(tr.querySelector("[name=qty]").value);
			if (!Number.isFinite(qty) || qty <= 0) throw new Error(fmt(T.qty, n));
			if (qty > 1000000) throw new Error(fmt(T.qtyMax, n, "1.000.000"));
			const line = {
				qty,
				uom: tr.querySelector("[name=uom]").value,
				line_note: tr.querySelector("[name=line_note]").value,
			};
			if (tr.dataset.itemCode) line.item_code = tr.dataset.itemCode;
			else {
				line.description = tr.querySelector("[name=description]").value.trim();
				if (!line.description) throw new Error(fmt(T.description, n));
			}
			return line;
		});
		const payload = {
			items,
			delivery_option: form.delivery_option.value,
			remarks: form.remarks.value,
			submission_key: form.dataset.submissionKey,
		};
		if (payload.delivery_option === TO_ADDRESS) {
			if (addressSelect.value === "__new__") {
				payload.new_address = {};
				for (const f of ["address_line1", "address_line2", "city", "state", "pincode"]) {
					payload.new_address[f] = form[f].value.trim();
				}
				if (!payload.new_address.address_line1 || !payload.new_address.city)
					throw new Error(T.address);
			} else if (addressSelect.value) payload.delivery_address = addressSelect.value;
			else throw new Error(T.address);
		}
		const date = form.requested_date.value;
		const typed = form.querySelector("[data-date-for=requested_date]");
		if (!date && typed && typed.value.trim()) throw new Error(typed.validationMessage || T.past);
		if (date) {
			if (date < form.requested_date.min) throw new Error(T.past);
			payload.requested_date = date;
		}
		const files = [...form.files.files];
		if (files.length > maxFiles) throw new Error(fmt(T.maxFiles, maxFiles));
		for (const f of files) {
			const ext = (f.name.split(".").pop() || "").toLowerCase();
			if (!f.name.includes(".") || !extensions.includes(ext)) {
				throw new Error(fmt(T.fileType, f.name, extensions.join(", ").toUpperCase()));
			}
			if (f.size > maxMb * 1024 * 1024) throw new Error(fmt(T.fileSize, f.name, maxMb));
		}
		return { payload, files };
	}

	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		show("");
		let collected;
		try {
			collected = collect();
		} catch (e) {
			show(e.message);
			return;
		}
		const button = form.querySelector("[type=submit]");
		button.disabled = true;
		const body = new FormData();
		body.append("data", JSON.stringify(collected.payload));
		for (const f of collected.files) body.append("files", f, f.name);
		try {
			const result = await portalUpload("ralom_portal.api.quote_requests.submit", body);
			window.location.href = "/portal/quote-requests/" + encodeURIComponent(result.name);
		} catch (e) {
			show(e.message);
			button.disabled = false;
		}
	});
	refresh();
}
