// File pickers in the page's language: the browser labels its native control in the browser's own
// language ("Choose Files" on a Romanian page). The native input stays (forms and scripts read it, the
// keyboard reaches it); a styled label in the portal's language and the chosen names are shown instead.
export default function localiseFileInputs(root) {
	const shell = root.closest(".ralom-portal") || root;
	const choose = shell.dataset.chooseFiles;
	const none = shell.dataset.noFiles;
	if (!choose) return;
	root.querySelectorAll("input[type=file]:not([data-localised])").forEach((input, i) => {
		input.dataset.localised = "1";
		if (!input.id) input.id = `ralom-file-${i}`;
		input.classList.add("ralom-file-native");
		const label = document.createElement("label");
		label.className = "btn btn-default btn-sm ralom-file-button";
		label.htmlFor = input.id;
		label.textContent = choose;
		const names = document.createElement("span");
		names.className = "ralom-file-names";
		names.textContent = none;
		input.after(label, names);
		input.addEventListener("change", () => {
			const files = Array.from(input.files || []).map((f) => f.name);
			names.textContent = files.length ? files.join(", ") : none;
		});
		// A form reset (after an upload) empties the input: show that too.
		if (input.form) input.form.addEventListener("reset", () => (names.textContent = none));
	});
}
