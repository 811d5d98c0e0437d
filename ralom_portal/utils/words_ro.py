"""Amounts in words, in Romanian, as they are written on Romanian commercial documents.

    >>> amount_in_words(186400)
    'o sută optzeci și șase mii patru sute lei'
    >>> amount_in_words(1.5)
    'un leu și cincizeci bani'

Grammatical gender matters: "unu/doi" (masculine: lei, bani), "una/două" (feminine: mii),
"unu/două" (neuter: milioane, miliarde); one of a scale is "o mie", "un milion", "un miliard".
Frappe's own money_in_words speaks English (or Indian numbering), which is why this exists.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from numbers import Number

_UNITS = ("", "unu", "doi", "trei", "patru", "cinci", "șase", "șapte", "opt", "nouă")
_TEENS = (
	"zece",
	"unsprezece",
	"doisprezece",
	"treisprezece",
	"paisprezece",
	"cincisprezece",
	"șaisprezece",
	"șaptesprezece",
	"optsprezece",
	"nouăsprezece",
)
_TENS = (
	"",
	"",
	"douăzeci",
	"treizeci",
	"patruzeci",
	"cincizeci",
	"șaizeci",
	"șaptezeci",
	"optzeci",
	"nouăzeci",
)

# scale: (singular, plural, gender of the counted noun)
_SCALES = (
	(10**9, "un miliard", "miliarde", "n"),
	(10**6, "un milion", "milioane", "n"),
	(10**3, "o mie", "mii", "f"),
)


def _unit(n: int, gender: str) -> str:
	if n == 1:
		return "una" if gender == "f" else "unu"
	if n == 2:
		return "doi" if gender == "m" else "două"
	return _UNITS[n]


def _below_100(n: int, gender: str) -> str:
	if n < 10:
		return _unit(n, gender)
	if n < 20:
		return "douăsprezece" if n == 12 and gender != "m" else _TEENS[n - 10]
	tens, units = divmod(n, 10)
	return _TENS[tens] + (" și " + _unit(units, gender) if units else "")


def _below_1000(n: int, gender: str) -> str:
	hundreds, rest = divmod(n, 100)
	parts = []
	if hundreds == 1:
		parts.append("o sută")
	elif hundreds == 2:
		parts.append("două sute")
	elif hundreds:
		parts.append(_UNITS[hundreds] + " sute")
	if rest:
		parts.append(_below_100(rest, gender))
	return " ".join(parts)


def number_in_words(n: int, gender: str = "m") -> str:
	"""A whole number ≥ 0 in words; `gender` is that of what is counted ("m", "f" or "n")."""
	if n < 0:
		return "minus " + number_in_words(-n, gender)
	if n == 0:
		return "zero"
	parts = []
	for size, singular, plural, scale_gender in _SCALES:
		count, n = divmod(n, size)
		if count == 1:
			parts.append(singular)
		elif count:
			parts.append(f"{number_in_words(count, scale_gender)} {plural}")
	if n:
		parts.append(_below_1000(n, gender))
	return " ".join(parts)


def _counted(n: int, singular: str, plural: str) -> str:
	# "un leu", "un ban": one of a masculine noun is "un"; everything else is the number + plural.
	return f"un {singular}" if n == 1 else f"{number_in_words(n, 'm')} {plural}"


def amount_in_words(amount, currency: str = "RON") -> str:
	"""`amount` in words: lei and bani for RON, the currency code for others ("o sută EUR")."""
	value = Decimal(str(amount or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
	sign = "minus " if value < 0 else ""
	whole, cents = divmod(abs(int(value * 100)), 100)
	if currency == "RON":
		text = _counted(whole, "leu", "lei")
		if cents:
			text += " și " + _counted(cents, "ban", "bani")
		return sign + text
	text = f"{number_in_words(whole)} {currency}"
	if cents:
		text += f" și {number_in_words(cents)} cenți"
	return sign + text


def count_before_noun(count) -> str:
	"""`count` as it stands before a noun in the reader's language: Romanian puts "de" between 20 or
	more (and round hundreds) and the noun ("20 de zile", "101 zile"); other languages take the bare
	number. Read at call time, so it follows the request's language (a Jinja method). Whole numbers
	of any type count (SQL sums arrive as Decimal); fractions and non-numbers are left as they are."""
	import frappe

	if (
		getattr(frappe.local, "lang", None) == "ro"
		and isinstance(count, Number)
		and not isinstance(count, bool)
		and count == int(count)
	):
		rest = abs(int(count)) % 100
		if rest >= 20 or (rest == 0 and count != 0):
			return f"{int(count)} de"
	return str(count)
