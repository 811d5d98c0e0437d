"""Code lists e-Factura needs: counties, Bucharest sectors, unit codes and VAT categories."""

from __future__ import annotations

import re
import unicodedata

# ISO 3166-2:RO, keyed by the county's name without diacritics, lower case, no spaces or hyphens.
COUNTIES = {
	"alba": "AB",
	"arad": "AR",
	"arges": "AG",
	"bacau": "BC",
	"bihor": "BH",
	"bistritanasaud": "BN",
	"botosani": "BT",
	"brasov": "BV",
	"braila": "BR",
	"bucuresti": "B",
	"bucharest": "B",
	"municipiulbucuresti": "B",
	"buzau": "BZ",
	"carasseverin": "CS",
	"calarasi": "CL",
	"cluj": "CJ",
	"constanta": "CT",
	"covasna": "CV",
	"dambovita": "DB",
	"dolj": "DJ",
	"galati": "GL",
	"giurgiu": "GR",
	"gorj": "GJ",
	"harghita": "HR",
	"hunedoara": "HD",
	"ialomita": "IL",
	"iasi": "IS",
	"ilfov": "IF",
	"maramures": "MM",
	"mehedinti": "MH",
	"mures": "MS",
	"neamt": "NT",
	"olt": "OT",
	"prahova": "PH",
	"satumare": "SM",
	"salaj": "SJ",
	"sibiu": "SB",
	"suceava": "SV",
	"teleorman": "TR",
	"timis": "TM",
	"tulcea": "TL",
	"vaslui": "VS",
	"valcea": "VL",
	"vrancea": "VN",
}
ISO_CODES = frozenset(COUNTIES.values())

# UN/ECE Recommendation 20 codes for ERPNext's stock UOMs; e-Factura Settings can add or override.
DEFAULT_UNITS = {"Nos": "H87", "Unit": "H87", "Hour": "HUR", "Meter": "MTR", "Kg": "KGM"}

# The VAT categories CIUS-RO invoices from this app use: standard, zero-rated, exempt, reverse charge.
VAT_CATEGORIES = ("S", "Z", "E", "AE")

_SECTOR = re.compile(r"\bsector(?:ul)?\s*([1-6])\b")


def plain(text: str | None) -> str:
	"""Lower case, without diacritics (ș, ş, ț, ţ, ă, â, î all fold to ASCII)."""
	decomposed = unicodedata.normalize("NFKD", text or "")
	return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def county_code(state: str | None) -> str | None:
	"""`RO-IS` for "Iași", "Județul Iași", "IS" or "RO-IS"; None when it names no county."""
	text = plain(state)
	text = re.sub(r"^(judetul|judet|jud\.?)\s*", "", text)
	code = text.upper().removeprefix("RO-")
	if code in ISO_CODES:
		return f"RO-{code}"
	if _SECTOR.search(text) or text.startswith("sector"):
		return "RO-B"
	found = COUNTIES.get(re.sub(r"[\s\-.]", "", text))
	return f"RO-{found}" if found else None


def bucharest_sector(*texts: str | None) -> str | None:
	"""`SECTOR3` from "Sector 3", "Sectorul 3" or "SECTOR3" in any of `texts` (city first)."""
	for text in texts:
		match = _SECTOR.search(plain(text))
		if match:
			return f"SECTOR{match.group(1)}"
	return None


def unit_code(uom: str | None, overrides: dict[str, str]) -> str | None:
	"""The Rec 20 code for an ERPNext UOM: the settings' mapping first, then the defaults."""
	if not uom:
		return None
	return overrides.get(uom) or DEFAULT_UNITS.get(uom)
