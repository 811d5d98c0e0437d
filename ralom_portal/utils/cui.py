"""Romanian fiscal code (CUI / CIF) check-digit validation."""

import re

_KEY = "753217532"


def normalize(value: str) -> str:
	"""Upper-case, no spaces; keeps an optional RO (VAT) prefix."""
	return re.sub(r"\s+", "", value or "").upper()


def is_valid_cui(value: str) -> bool:
	"""True when `value` (with or without the RO prefix) has a correct control digit."""
	digits = normalize(value)
	if digits.startswith("RO"):
		digits = digits[2:]
	if not digits.isdigit() or not 2 <= len(digits) <= 10:
		return False
	body, control = digits[:-1].rjust(9, "0"), int(digits[-1])
	total = sum(int(d) * int(k) for d, k in zip(body, _KEY, strict=True))
	expected = total * 10 % 11
	return (0 if expected == 10 else expected) == control
