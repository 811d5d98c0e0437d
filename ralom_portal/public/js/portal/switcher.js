// The company switcher (templates/portal/layout.html): the header's picker, shown to a person who
// acts for several companies, and the button of a record's switch offer. Both make another of the
// user's own companies the active one (api/session.py: switch_customer), then load the page again:
// the picker at its `data-after` (a record page goes to its section's list, since the record is
// the other company's), the offer's button the record itself, which the switch now shows.
import { portalPost, runAction } from "./util";

const METHOD = "ralom_portal.api.session.switch_customer";

export default function switcher(shell) {
	const picker = shell.querySelector(".ralom-switcher");
	if (picker) {
		const select = picker.querySelector("select");
		const active = select.value;
		select.addEventListener("change", async () => {
			select.disabled = true;
			try {
				await portalPost(METHOD, { customer: select.value });
				window.location.assign(picker.dataset.after || window.location.pathname);
			} catch (e) {
				select.value = active;
				select.disabled = false;
				window.alert(e.message);
			}
		});
	}
	shell.querySelectorAll("[data-switch-customer]").forEach((button) => {
		const offer = button.closest(".ralom-switch-offer");
		const error = offer && offer.querySelector(".ralom-error[role=alert]");
		button.addEventListener("click", () =>
			runAction(button, error, () => portalPost(METHOD, { customer: button.dataset.switchCustomer }))
		);
	});
}
