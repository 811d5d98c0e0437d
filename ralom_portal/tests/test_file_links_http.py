"""Every page links a file the same way: through the files download, which the client can open.

The contract page once linked an annex to its raw `/private/files/...` URL, which the request gate
refuses to clients (403): the annex could not be opened. Pages now render `ui.file_link`.
"""

import html
import re

import frappe

from ralom_portal.demo import builders
from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD

ANNEX = b"%PDF-1.4\n% annex for the file-link test\n"


def _hrefs(page: str, list_class: str) -> list[str]:
	block = re.search(rf'<ul class="{list_class}">(.*?)</ul>', page, re.S)
	assert block, f"no {list_class} list on the page"
	return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', block.group(1))]


def test_a_client_opens_a_contract_annex_from_the_contract_page(server, demo_data):
	a = CLIENTS[0]
	contract = frappe.db.get_value("Contract", {"party_name": a["name"], "docstatus": 1})
	name = "annex-file-link-test.pdf"
	if not frappe.db.exists("File", {"attached_to_name": contract, "file_name": name}):
		builders.make_file("Contract", contract, name, ANNEX)
		frappe.db.commit()
	client = server.client(a["users"][0]["email"], DEMO_PASSWORD)
	page = client.get(f"/portal/contracts/{contract}")
	assert page.status_code == 200
	hrefs = _hrefs(page.text, "ralom-attachments")
	assert hrefs and all(h.startswith("/api/method/ralom_portal.api.files.download?name=") for h in hrefs)
	assert "/private/files/" not in page.text
	annex = [h for h in hrefs if client.get(h).content == ANNEX]
	assert len(annex) == 1, hrefs
	# Another client following the same link gets the files download's one 404.
	other = server.client(CLIENTS[1]["users"][0]["email"], DEMO_PASSWORD)
	assert other.get(annex[0]).status_code == 404
