// Frappe's login page draws the site logo beside the heading without an alt text, so a screen reader
// announces an unnamed image. The heading names the company; the logo beside it is decorative.
function markDecorativeLogos() {
	document.querySelectorAll(".page-card-head img:not([alt])").forEach((img) => img.setAttribute("alt", ""));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markDecorativeLogos);
else markDecorativeLogos();
