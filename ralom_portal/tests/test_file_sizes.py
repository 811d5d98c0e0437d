"""File sizes in the reader's language: "193 de octeți" and "1,2 MB" on a Romanian page, "193 bytes" and
"1.2 MB" on an English one, never Jinja's English "193 Bytes" / "1.2 kB"."""

import frappe

from ralom_portal.tests.test_dashboard import _page
from ralom_portal.utils.formats import file_size
from ralom_portal.utils.mail import in_language


def test_file_sizes_are_written_in_the_readers_language():
	sizes = (0, 1, 7, 19, 193, 1024, 1536, 1_258_291, 150 * 1024 * 1024, 3 * 1024**3)
	with in_language("ro"):
		ro = [file_size(n) for n in sizes]
	with in_language("en"):
		en = [file_size(n) for n in sizes]
	assert ro == [
		"0 octeți",
		"1 octet",
		"7 octeți",
		"19 octeți",
		"193 de octeți",
		"1 KB",
		"1,5 KB",
		"1,2 MB",
		"150 MB",
		"3 GB",
	]
	assert en == [
		"0 bytes",
		"1 byte",
		"7 bytes",
		"19 bytes",
		"193 bytes",
		"1 KB",
		"1.5 KB",
		"1.2 MB",
		"150 MB",
		"3 GB",
	]
	assert file_size(None) == file_size(0)


def test_files_page_shows_sizes_in_romanian(factories):
	customer, user = factories.client()
	small = factories.file("Customer", customer.name, "mic.pdf", shared=True, folder="Test")
	big = factories.file("Customer", customer.name, "mare.pdf", shared=True, folder="Test")
	frappe.db.set_value("File", small.name, "file_size", 193)
	frappe.db.set_value("File", big.name, "file_size", 1_258_291)
	html = _page("/portal/files", user.name, "ro")
	assert "193 de octeți" in html and "1,2 MB" in html
	assert "Bytes" not in html and "kB" not in html
	html = _page("/portal/files", user.name, "en")
	assert "193 bytes" in html and "1.2 MB" in html
