// The portal's one script bundle. Shared shell behaviour (language switch, company switcher, filters
// that submit themselves) plus one module per page, chosen by the page's `data-portal-page` attribute
// and handed the page's strings and limits from its JSON block (templates/portal/macros.html).
import invoicePage from "./portal/pages/invoice";
import invoicesPage from "./portal/pages/invoices";
import contractPage from "./portal/pages/contract";
import offerPage from "./portal/pages/offer";
import quoteRequestPage from "./portal/pages/quote_request";
import quoteRequestNewPage from "./portal/pages/quote_request_new";
import ticketPage from "./portal/pages/ticket";
import ticketNewPage from "./portal/pages/ticket_new";
import shipmentPage from "./portal/pages/shipment";
import { acceptInvitationPage, registerPage } from "./portal/pages/guest_forms";
import filesPage from "./portal/pages/files";
import notificationsPage from "./portal/pages/notifications";
import teamPage from "./portal/pages/team";
import bell from "./portal/bell";
import switcher from "./portal/switcher";
import localiseDateInputs from "./portal/date_inputs";
import localiseFileInputs from "./portal/file_inputs";
import { pageData, portalPost } from "./portal/util";

export { portalPost };

const PAGES = {
	invoice: invoicePage,
	invoices: invoicesPage,
	offer: offerPage,
	"quote-request": quoteRequestPage,
	"quote-request-new": quoteRequestNewPage,
	register: registerPage,
	"accept-invitation": acceptInvitationPage,
	ticket: ticketPage,
	"ticket-new": ticketNewPage,
	shipment: shipmentPage,
	contract: contractPage,
	files: filesPage,
	notifications: notificationsPage,
	team: teamPage,
};

window.ralomPortal = { post: portalPost };

document.addEventListener("click", async (event) => {
	const button = event.target.closest(".ralom-lang [data-lang]");
	if (!button) return;
	try {
		await portalPost("ralom_portal.api.session.set_language", { language: button.dataset.lang });
		window.location.reload();
	} catch (e) {
		window.alert(e.message);
	}
});

document.addEventListener("change", (event) => {
	const select = event.target.closest("select[data-autosubmit]");
	if (select && select.form) select.form.submit();
});

function start() {
	const shell = document.querySelector(".ralom-portal");
	if (shell) {
		localiseFileInputs(shell);
		localiseDateInputs(shell);
		bell(shell);
		switcher(shell);
	}
	const root = document.querySelector("[data-portal-page]");
	const page = root && PAGES[root.dataset.portalPage];
	if (page) page(root, pageData());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
