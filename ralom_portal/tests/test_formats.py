"""Dates and moments as the reader writes them, on every portal page (utils/formats.py)."""

import datetime

from ralom_portal.utils.formats import short_date, short_datetime
from ralom_portal.utils.mail import in_language

MOMENT = datetime.datetime(2026, 12, 6, 23, 33, 44)


def test_a_moment_reads_like_the_portals_dates_in_each_language():
	with in_language("ro"):
		assert (short_date(MOMENT), short_datetime(MOMENT)) == ("06.12.2026", "06.12.2026 23:33")
		assert short_datetime("2026-01-02 08:05:00") == "02.01.2026 08:05"
	with in_language("en"):
		assert short_datetime(MOMENT) == "6 Dec 2026 23:33"
	assert short_datetime(None) == short_datetime("") == ""
