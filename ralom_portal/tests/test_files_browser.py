"""Files library in a real browser (Romanian): the list, an image preview, a PDF download."""

import pytest

from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_client_previews_an_image_and_downloads_a_pdf_from_the_library(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	email = logins[CLIENTS[0]["name"]][0]  # a Romanian-speaking contact
	context = browser.new_context(accept_downloads=True)
	page = context.new_page()
	try:
		login(page, server.url, email, password)
		page.goto(server.url + "/portal/files")
		assert page.locator("h1.ralom-title").text_content().strip() == "Fișiere"
		page.screenshot(path=str(ARTIFACTS / "files-library.png"), full_page=True)

		# An image opens in the preview dialog, served inline by our endpoint.
		photo = page.locator("tr[data-kind=image] [data-action=preview]").first
		photo.click()
		image = page.locator(".ralom-file-preview img")
		image.wait_for(state="visible")
		page.wait_for_function("() => document.querySelector('.ralom-file-preview img').naturalWidth > 0")
		page.screenshot(path=str(ARTIFACTS / "files-preview.png"))
		page.click(".ralom-file-preview [data-action=close]")

		# The price list downloads as a real PDF.
		row = page.locator("tr", has_text="Listă de prețuri 2026").first
		with page.expect_download() as info:
			row.locator("a[download]").click()
		download = info.value
		path = download.path()
		with open(path, "rb") as f:
			assert f.read(5) == b"%PDF-"
		assert download.suggested_filename.startswith("Listă de prețuri 2026")

		page.set_viewport_size({"width": 390, "height": 844})
		page.goto(server.url + "/portal/files")
		page.screenshot(path=str(ARTIFACTS / "files-library-phone.png"), full_page=True)
	finally:
		context.close()


_BOXES = """els => els.map(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
	return {name: e.name || e.textContent.trim(), top: r.top, bottom: r.bottom, height: r.height,
		left: r.left, right: r.right, width: r.width, radius: s.borderTopLeftRadius,
		border: s.borderTopStyle, appearance: s.appearance, arrow: s.backgroundImage}; })"""


def _assert_one_row(boxes, what):
	"""Controls and buttons of one row: the same height and the same bottom edge (within 1 px)."""
	heights = {round(b["height"]) for b in boxes}
	assert max(heights) - min(heights) <= 1, (what, boxes)
	bottoms = [b["bottom"] for b in boxes]
	assert max(bottoms) - min(bottoms) <= 1, (what, boxes)


def test_files_filters_and_upload_controls_line_up_with_their_buttons(server, demo_logins, browser):
	"""The type and record selects, the search box, the file picker and the buttons beside them are
	one row of controls of one height, styled as the portal's (border, corners, its own arrow), on a
	desktop and on a phone, in Romanian."""
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	page = context.new_page()
	try:
		login(page, server.url, logins[CLIENTS[0]["name"]][0], password)
		page.goto(server.url + "/portal/files")
		page.wait_for_selector(".ralom-files-upload .ralom-file-button")
		assert page.locator(".ralom-file-button").inner_text() == "Alegeți fișiere"
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "files-controls-1280.png"), full_page=True)
		filters = page.eval_on_selector_all(
			".ralom-files-filter select, .ralom-files-filter input[type=search], .ralom-files-filter button",
			_BOXES,
		)
		upload = page.eval_on_selector_all(
			".ralom-files-upload select, .ralom-files-upload .ralom-file-button,"
			" .ralom-files-upload button[type=submit]",
			_BOXES,
		)
		assert len(filters) == 4 and len(upload) == 3
		_assert_one_row(filters, "filters")
		_assert_one_row(upload, "upload")
		for box in filters + upload:
			assert box["radius"] == "6px", box
		for box in filters[:3] + upload[:1]:  # the selects and the search box
			assert box["border"] == "solid", box
		for select in (filters[0], filters[1], upload[0]):
			assert select["appearance"] == "none" and "svg" in select["arrow"], select
		# The file picker is a button, not a bar across the form.
		form_width = page.locator(".ralom-files-upload").bounding_box()["width"]
		assert upload[1]["width"] < form_width / 3, upload[1]

		page.set_viewport_size({"width": 360, "height": 780})
		page.goto(server.url + "/portal/files")
		page.wait_for_selector(".ralom-files-upload .ralom-file-button")
		page.screenshot(path=str(ARTIFACTS / "files-controls-360.png"), full_page=True)
		for selector in (".ralom-files-filter", ".ralom-files-upload"):
			boxes = page.eval_on_selector_all(
				f"{selector} select, {selector} input[type=search], {selector} .btn", _BOXES
			)
			heights = {round(b["height"]) for b in boxes}
			assert max(heights) - min(heights) <= 1, (selector, boxes)
			assert all(0 <= b["left"] and b["right"] <= 360 for b in boxes), (selector, boxes)
	finally:
		context.close()
