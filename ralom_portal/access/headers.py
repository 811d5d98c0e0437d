"""Security headers on the portal's pages and files (an `after_request` hook).

The one-click offer acceptance must not be framed by another site (clickjacking), files must be
taken for what their Content-Type says, and portal URLs (which carry record names) must not leak
to other sites through the Referer header. Desk pages are left as Frappe sends them.
"""

SECURITY_HEADERS = {
	"X-Frame-Options": "DENY",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy": "same-origin",
}

# What the portal's own pages need: Frappe's web template inlines its boot script and styles,
# bundles and fonts come from /assets, images from /files or data: URLs (avatars, Gantt).
PAGE_CSP = "; ".join(
	(
		"default-src 'self'",
		"script-src 'self' 'unsafe-inline'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	)
)
# Frappe's own profile web form compiles its templates at run time (microtemplates use `new Function`).
PROFILE_FORM_CSP = PAGE_CSP.replace(
	"script-src 'self' 'unsafe-inline'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'"
)
# Files, PDFs and JSON: nothing may frame them. Nothing stricter: browsers show PDFs through a
# plugin that `object-src 'none'` or `sandbox` would block.
FILE_CSP = "frame-ancestors 'none'"

PORTAL_PAGE_PREFIXES = ("/portal", "/login", "/update-password")
PROFILE_FORM_PREFIX = "/update-profile"
PORTAL_API_PREFIX = "/api/method/ralom_portal.api."


def add_security_headers(response=None, request=None) -> None:
	if response is None or request is None:
		return
	path = request.path or ""
	own_policy = response.headers.get("Content-Security-Policy") or ""
	if path.startswith(PORTAL_API_PREFIX) and not _is_html(response) and "frame-ancestors" in own_policy:
		# The file endpoint sets its own policy: stricter for downloads (sandbox), and framable by
		# the portal itself for inline previews. Keep it (and its X-Frame-Options).
		response.headers["X-Content-Type-Options"] = "nosniff"
		response.headers["Referrer-Policy"] = "same-origin"
		return
	if path.startswith(PORTAL_API_PREFIX):
		csp = PAGE_CSP if _is_html(response) else FILE_CSP
	elif path.startswith(PORTAL_PAGE_PREFIXES):
		csp = PAGE_CSP
	elif path.startswith(PROFILE_FORM_PREFIX):
		csp = PROFILE_FORM_CSP
	else:
		return
	response.headers.update(SECURITY_HEADERS)
	response.headers["Content-Security-Policy"] = csp


def _is_html(response) -> bool:
	return (response.headers.get("Content-Type") or "").startswith("text/html")
