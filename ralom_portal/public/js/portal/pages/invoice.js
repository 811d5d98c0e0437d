// Invoice page: copy buttons for the bank-transfer details (beneficiary, IBAN, amount, reference).
export default function invoicePage(root, data) {
	root.addEventListener("click", async (event) => {
		const button = event.target.closest("[data-copy]");
		if (!button) return;
		const original = button.textContent;
		try {
			await navigator.clipboard.writeText(button.dataset.copy);
			button.textContent = data.copied;
			setTimeout(() => (button.textContent = original), 1500);
		} catch (e) {
			// No clipboard (plain http, an old browser): select the value so Ctrl+C works.
			const value = button.previousElementSibling;
			if (value) window.getSelection().selectAllChildren(value);
		}
	});
}
