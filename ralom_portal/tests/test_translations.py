"""Romanian completeness: every string of the app, extracted the way Frappe's translation tools
extract them (templates, Python, JS, DocType labels and options, custom fields), reads in Romanian."""

import csv

import frappe
from frappe.translate import get_all_translations, get_messages_for_app

# Strings that are the same in Romanian (codes and names).
SAME_IN_ROMANIAN = {"en", "ro", "RO", "EN", "IBAN", "PDF", "CUI", "Gantt", "Portal", "Desk", "Email", "ID"}


def _untranslated() -> list[tuple[str, str, str | None]]:
	translations = get_all_translations("ro")
	missing = []
	for message in get_messages_for_app("ralom_portal"):
		path, text = message[0], message[1]
		context = message[2] if len(message) > 3 else None
		# Frappe lists its own navbar items under every app; they are Frappe's to translate. Built
		# bundles (public/dist) are minified copies of the sources already read.
		if (
			(path or "").startswith("Navbar:")
			or "/public/dist/" in (path or "")
			or "/node_modules/" in (path or "")
		):
			continue
		if text in SAME_IN_ROMANIAN or not text.strip():
			continue
		if (f"{text}:{context}" if context else text) in translations or text in translations:
			continue
		missing.append((path, text, context))
	return missing


def test_every_portal_string_reads_in_romanian():
	assert _untranslated() == []


def test_the_romanian_file_is_well_formed_and_uses_comma_below_diacritics():
	path = frappe.get_app_path("ralom_portal", "translations", "ro.csv")
	seen = set()
	with open(path, encoding="utf-8") as f:
		for number, row in enumerate(csv.reader(f), start=1):
			if not row:
				continue
			assert len(row) in (2, 3), (number, row)
			key = (row[0], row[2] if len(row) == 3 else "")
			assert key not in seen, (number, row)
			seen.add(key)
			assert row[1].strip(), (number, row)
			# ş and ţ (cedilla) are the wrong letters; Romanian writes ș and ț (comma below).
			assert not set(row[1]) & {"ş", "ţ", "Ş", "Ţ"}, (number, row)
			# Placeholders survive translation.
			for n in range(5):
				assert (f"{{{n}}}" in row[0]) == (f"{{{n}}}" in row[1]), (number, row)
