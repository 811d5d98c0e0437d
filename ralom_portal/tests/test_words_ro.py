"""Totals in words on Romanian documents, over the numbers that are easy to get wrong."""

import pytest

from ralom_portal.utils.words_ro import amount_in_words, number_in_words


@pytest.mark.parametrize(
	("amount", "words"),
	[
		(0, "zero lei"),
		(1, "un leu"),
		(2, "doi lei"),
		(12, "doisprezece lei"),
		(21, "douăzeci și unu lei"),
		(22, "douăzeci și doi lei"),
		(100, "o sută lei"),
		(101, "o sută unu lei"),
		(200, "două sute lei"),
		(1_000, "o mie lei"),
		(2_000, "două mii lei"),
		(12_000, "douăsprezece mii lei"),
		(21_000, "douăzeci și una mii lei"),
		(186_400, "o sută optzeci și șase mii patru sute lei"),
		(1_000_000, "un milion lei"),
		(2_000_000, "două milioane lei"),
		(1_000_000_000, "un miliard lei"),
		(0.01, "zero lei și un ban"),
		(1.5, "un leu și cincizeci bani"),
		(12.02, "doisprezece lei și doi bani"),
		(4_186.99, "patru mii o sută optzeci și șase lei și nouăzeci și nouă bani"),
		(2.005, "doi lei și un ban"),  # rounded half up to the cent
	],
)
def test_amount_in_words_in_romanian(amount, words):
	assert amount_in_words(amount) == words


def test_other_currencies_keep_their_code():
	assert amount_in_words(100, "EUR") == "o sută EUR"
	assert amount_in_words(-5, "RON") == "minus cinci lei"


def test_the_gender_of_what_is_counted_changes_one_and_two():
	assert number_in_words(2, "f") == "două" and number_in_words(2, "m") == "doi"
	assert number_in_words(12, "f") == "douăsprezece" and number_in_words(1, "f") == "una"
