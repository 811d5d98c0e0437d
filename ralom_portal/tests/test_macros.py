"""The portal's shared template macros (templates/portal/macros.html), rendered on their own: what
every list page and every attachment on the portal is made of."""

import re
from pathlib import Path

import frappe

from ralom_portal.utils.mail import in_language

IMPORT = '{% import "templates/portal/macros.html" as ui with context %}'
DOWNLOAD = "/api/method/ralom_portal.api.files.download?name="


def _render(template: str, lang: str = "ro", **context) -> str:
	with in_language(lang):
		return frappe.render_template(IMPORT + template, context)


def _squash(html: str) -> str:
	return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_expires_says_how_many_days_are_left_in_romanian():
	def expires(days):
		return _render("{{ ui.expires(days) }}", days=days)

	assert expires(0) == '<small class="ralom-expiring" data-expiring="0">(expiră în 0 zile)</small>'
	assert expires(1) == '<small class="ralom-expiring" data-expiring="1">(expiră într-o zi)</small>'
	assert expires(5) == '<small class="ralom-expiring" data-expiring="5">(expiră în 5 zile)</small>'
	assert expires(20) == '<small class="ralom-expiring" data-expiring="20">(expiră în 20 de zile)</small>'
	assert expires(None) == ""


def test_expires_in_english():
	assert _render("{{ ui.expires(1) }}", "en").endswith("(expires in 1 day)</small>")
	assert _render("{{ ui.expires(5) }}", "en").endswith("(expires in 5 days)</small>")


def test_days_left_is_the_offers_countdown_not_a_warning():
	assert _render("{{ ui.days_left(1) }}") == '<small class="text-muted">(1 zi rămasă)</small>'
	assert _render("{{ ui.days_left(5) }}") == '<small class="text-muted">(5 zile rămase)</small>'
	assert _render("{{ ui.days_left(none) }}") == ""


LIST = """{% call(r) ui.list(rows, ["Name", ("Total", "num")], pages, filtered, "None match.", "None yet.",
	table_class="ralom-things", attrs='data-list="things"', note=note, scroll=scroll) %}
<tr data-thing="{{ r.name | e }}"><td>{{ r.name | e }}</td><td class="num">{{ r.total }}</td></tr>
{% endcall %}"""

PAGES = {"page": 1, "pages": 2, "prev_url": None, "next_url": "/portal/things?page=2"}


def _list(rows, pages=None, filtered=False, note="", scroll=False) -> str:
	return _squash(_render(LIST, rows=rows, pages=pages, filtered=filtered, note=note, scroll=scroll))


def test_list_renders_the_callers_rows_under_the_columns_then_the_pager():
	html = _list([{"name": "A<1>", "total": 3}, {"name": "B", "total": 4}], pages=PAGES)
	assert html.startswith(
		'<table class="ralom-table ralom-things" data-list="things"><thead><tr><th>Name</th>'
		'<th class="num">Total</th></tr></thead><tbody>'
		'<tr data-thing="A&lt;1&gt;"><td>A&lt;1&gt;</td><td class="num">3</td></tr>'
		'<tr data-thing="B"><td>B</td><td class="num">4</td></tr></tbody></table>'
	)
	assert '<nav class="ralom-pager"' in html and 'href="/portal/things?page=2" rel="next"' in html
	assert "ralom-empty" not in html and "ralom-table-wrap" not in html and "text-muted" not in html


def test_list_without_pages_has_no_pager_and_a_note_goes_above_the_table():
	html = _list([{"name": "A", "total": 1}], note="1 thing", scroll=True)
	assert html.startswith('<p class="text-muted">1 thing</p><div class="ralom-table-wrap"><table ')
	assert html.endswith("</table></div>")
	assert "ralom-pager" not in html


def test_an_empty_list_says_whether_a_filter_hides_the_rows():
	assert _list([], pages=PAGES) == '<p class="ralom-empty">None yet.</p>'
	assert _list([], pages=PAGES, filtered="Open") == '<p class="ralom-empty">None match.</p>'


def test_file_link_always_goes_through_the_files_download():
	f = {"name": "a b&c/<x>.pdf", "file_name": "<Oferta> & anexa.pdf"}
	assert _render("{{ ui.file_link(f) }}", f=f) == (
		f'<a href="{DOWNLOAD}a%20b%26c/%3Cx%3E.pdf">&lt;Oferta&gt; &amp; anexa.pdf</a>'
	)
	assert _render("{{ ui.file_link(f, new_tab=True, attrs='download', label='Descarcă') }}", f=f) == (
		f'<a href="{DOWNLOAD}a%20b%26c/%3Cx%3E.pdf" target="_blank" rel="noopener noreferrer" download>'
		"Descarcă</a>"
	)
	assert _render("{{ ui.file_url(f) }}", f=f) == f"{DOWNLOAD}a%20b%26c/%3Cx%3E.pdf"


APP = Path(__file__).resolve().parents[1]


def _portal_templates() -> list[Path]:
	"""The portal's pages and their parts (not templates/print: PDF layouts for wkhtmltopdf)."""
	return sorted((APP / "templates" / "portal").rglob("*.html")) + sorted((APP / "www").rglob("*.html"))


def test_portal_templates_have_no_inline_styles():
	found = [
		f"{p.relative_to(APP)}:{n}"
		for p in _portal_templates()
		for n, line in enumerate(p.read_text().splitlines(), 1)
		if re.search(r"\sstyle\s*=", line)
	]
	assert not found, "move these to public/css: " + ", ".join(found)


def test_portal_templates_link_files_only_through_the_macros():
	"""A raw /files/ or /private/files/ URL is refused to clients by the request gate; a hand-written
	download URL escapes the macro's encoding."""
	found = [
		f"{p.relative_to(APP)}:{n}"
		for p in _portal_templates()
		if p.name != "macros.html"
		for n, line in enumerate(p.read_text().splitlines(), 1)
		if re.search(r"file_url|/private/files/|[\"']/files/|api\.files\.download", line)
		and "ui.file_url" not in line
	]
	assert not found, "use ui.file_link / ui.file_url: " + ", ".join(found)
