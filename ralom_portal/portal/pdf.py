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
	return _LINK.sub(inline, html)
