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
