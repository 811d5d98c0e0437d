// Date fields as Romanians write dates (30.11.2026), whatever the browser's language: a native date
// input shows the browser's own format (mm/dd/yyyy in an English browser). The named input becomes
// hidden and keeps the ISO date the server reads; the visible text field takes dd.mm.yyyy (also with
// "/" or "-") and says so in the page's language.
const PATTERN = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/;

function toIso(text) {
	const m = PATTERN.exec(text);
	if (!m) return "";
	const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
		return "";
	return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function fromIso(iso) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
	return m ? `${m[3]}.${m[2]}.${m[1]}` : "";
}

export default function localiseDateInputs(root) {
	const shell = root.closest(".ralom-portal") || root;
	const hint = shell.dataset.dateHint;
	const invalid = shell.dataset.dateInvalid;
	if (!hint) return;
	root.querySelectorAll("input[type=date]").forEach((input) => {
		const text = document.createElement("input");
		text.type = "text";
		text.inputMode = "numeric";
		text.autocomplete = "off";
		text.placeholder = hint;
		text.className = input.className;
		text.value = fromIso(input.value);
		text.dataset.dateFor = input.name;
		// The label points at the field people type in.
		if (input.id) {
			text.id = input.id;
			input.removeAttribute("id");
		}
		if (input.required) text.required = true;
		input.type = "hidden";
		input.after(text);
		text.addEventListener("input", () => {
			const iso = toIso(text.value);
			input.value = iso;
			text.setCustomValidity(text.value.trim() && !iso ? invalid : "");
		});
	});
}
