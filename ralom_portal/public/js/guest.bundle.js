// Frappe's login page draws the site logo beside the heading without an alt text, so a screen reader
// announces an unnamed image. The heading names the company; the logo beside it is decorative.
function markDecorativeLogos() {
	document.querySelectorAll(".page-card-head img:not([alt])").forEach((img) => img.setAttribute("alt", ""));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markDecorativeLogos);
else markDecorativeLogos();

// Two-factor sign-in: Frappe's code form (login.js) answers a wrong code only with its generic
// "invalid login" on the button. The server's answer says what was wrong, in the visitor's language
// (access/two_factor.py), so it is shown under the code field and read out by screen readers.
function showWrongCode(event, xhr, settings) {
	const form = document.querySelector(".form-verify");
	const message = xhr.responseJSON && xhr.responseJSON.message;
	if (!form || xhr.status !== 401 || typeof message !== "string") return;
	if (!String(settings.data || "").includes("otp=")) return;
	let alert = form.querySelector(".ralom-code-error");
	if (!alert) {
		alert = document.createElement("p");
		alert.className = "ralom-code-error text-danger mt-2 mb-0";
		alert.setAttribute("role", "alert");
		form.querySelector("#login_token").after(alert);
	}
	alert.textContent = message;
	form.querySelector("#login_token").select();
}

if (window.jQuery) window.jQuery(document).ajaxComplete(showWrongCode);
