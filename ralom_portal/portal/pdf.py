"""PDFs the portal hands out: the portal's own print layout, rendered self-contained, sent as a download."""

from __future__ import annotations

import os
import re

import frappe
from werkzeug.wrappers import Response

_LINK = re.compile(r"<link\b[^>]*>", re.I)
_HREF = re.compile(r'href="(/assets/[^"?#]+\.css)"', re.I)
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.I | re.S)
_IMPORT = re.compile(r"@import\s+url\([^)]*\)\s*;?", re.I)
_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.I)
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def document_response(template: str, context: dict, name: str) -> Response:
	"""A portal document (`templates/print/*.html`) as a PDF download, numbered "page X of Y".

	Rendered from our own template, not through Frappe's print view, so no print-view chrome (toolbar
	text, print settings) can end up in it; client-supplied print options never reach it.
	"""
	from frappe.utils.pdf import get_pdf

	from ralom_portal.portal.page_numbers import number_pages

	html = frappe.render_template(template, context)
	pdf = number_pages(get_pdf(self_contained(html)), name)
	return download(pdf, name)


def download(pdf: bytes, name: str) -> Response:
	filename = re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".pdf"
	response = Response(pdf, mimetype="application/pdf")
	response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
	response.headers["X-Content-Type-Options"] = "nosniff"
	response.headers["Cache-Control"] = "private, no-store"
	return response


def self_contained(html: str) -> str:
	"""Inline the print stylesheet and drop everything wkhtmltopdf would fetch over the network.

	Otherwise wkhtmltopdf requests /assets/… from this very site while the request that started it
	is still being served (a deadlock on a single-worker server), and it never fetches anything else.
	"""
	assets = os.path.realpath(os.path.join(frappe.local.sites_path, "assets"))

	def inline(match):
		href = _HREF.search(match.group(0))
		if href:
			path = os.path.realpath(os.path.join(frappe.local.sites_path, href.group(1).lstrip("/")))
			if path.startswith(assets + os.sep) and os.path.isfile(path):
				with open(path, encoding="utf-8") as f:
					return "<style>" + _IMPORT.sub("", f.read()) + "</style>"
		return ""

	html = _SCRIPT.sub("", html)
	html = _IMPORT.sub("", html)
	html = _IMG_SRC.sub(lambda m: m.group(1) + _inline_image(m.group(2)) + m.group(3), html)
	return _LINK.sub(inline, html)


def _inline_image(src: str) -> str:
	"""A site image (the company logo: /assets/… or a public /files/…) as a data: URI; anything else
	(another host, a private file) becomes an empty source, never a request."""
	import base64
	from urllib.parse import unquote

	src = unquote(src or "")
	if src.startswith("/files/"):
		path = frappe.get_site_path("public", src.lstrip("/"))
		root = frappe.get_site_path("public", "files")
	elif src.startswith("/assets/"):
		path = os.path.join(frappe.local.sites_path, src.lstrip("/"))
		# sites/assets/<app> is a link to the app's public folder: the root is that folder.
		app = src.split("/")[2]
		if app not in frappe.get_installed_apps():
			return ""
		root = os.path.join(frappe.local.sites_path, "assets", app)
	else:
		return ""
	path, root = os.path.realpath(path), os.path.realpath(root)
	kind = _IMAGE_TYPES.get(os.path.splitext(path)[1].lower())
	if not kind or not path.startswith(root + os.sep) or not os.path.isfile(path):
		return ""
	with open(path, "rb") as f:
		return f"data:{kind};base64,{base64.b64encode(f.read()).decode()}"
