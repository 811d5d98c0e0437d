// Team page: one form per colleague (role and sections, saved in one call) and its deactivate button;
// the invitation form of each company and the withdraw button of each open invitation.
import { portalPost, runAction } from "../util";

export default function teamPage(root, data) {
	root.querySelectorAll("form[data-membership]").forEach((form) => {
		const error = form.querySelector(".ralom-error[role=alert]");
		const saved = form.querySelector(".ralom-saved");
		const who = { customer: form.dataset.customer, user: form.dataset.user };
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			saved.textContent = "";
			const sections = Array.from(form.querySelectorAll("input[name=sections]:checked")).map(
				(i) => i.value
			);
			const role = form.querySelector("input[name=role]:checked");
			// The page reloads so the table and the log show the change.
			runAction(form.querySelector("[type=submit]"), error, () =>
				portalPost("ralom_portal.api.team.set_membership", {
					...who,
					role: role ? role.value : "",
					sections: JSON.stringify(sections),
				})
			);
		});
		form.querySelector("[data-deactivate]").addEventListener("click", (event) => {
			if (!window.confirm(data.strings.confirm_deactivate)) return;
			runAction(event.currentTarget, error, () => portalPost("ralom_portal.api.team.deactivate", who));
		});
	});
	root.querySelectorAll("form[data-invite]").forEach((form) => {
		const error = form.querySelector(".ralom-error[role=alert]");
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			const value = (name) => form.querySelector(`[name=${name}]`).value;
			const role = form.querySelector("input[name=role]:checked");
			const sections = Array.from(form.querySelectorAll("input[name=sections]:checked")).map(
				(i) => i.value
			);
			runAction(form.querySelector("[type=submit]"), error, () =>
				portalPost("ralom_portal.api.team.invite", {
					customer: form.dataset.customer,
					email: value("email"),
					first_name: value("first_name"),
					role: role ? role.value : "",
					sections: JSON.stringify(sections),
				})
			);
		});
	});
	root.querySelectorAll("[data-revoke-invitation]").forEach((button) => {
		const error = button.closest("section").querySelector("[data-invitations-error]");
		button.addEventListener("click", () => {
			if (!window.confirm(data.strings.confirm_revoke)) return;
			runAction(button, error, () =>
				portalPost("ralom_portal.api.team.revoke_invitation", {
					customer: button.dataset.customer,
					name: button.dataset.name,
				})
			);
		});
	});
}
