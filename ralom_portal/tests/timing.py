"""Time per test module, printed at the end of the session (with `--durations=20`, `make test` shows
where the suite's minutes go, so the next slow fixture is seen the day it lands).

A module's time is the sum of its tests' setup, call and teardown: the wall time spent in it,
including the module- and session-scoped fixtures its first test set up (the served test server
and the browser count where they start). Loaded with `-p ralom_portal.tests.timing` (pyproject's
addopts), so it runs however pytest is started.
"""

from __future__ import annotations

from collections import defaultdict

_seconds: dict[str, float] = defaultdict(float)
_tests: dict[str, int] = defaultdict(int)
_failed: dict[str, int] = defaultdict(int)


def pytest_runtest_logreport(report) -> None:
	module = report.nodeid.split("::", 1)[0]
	_seconds[module] += report.duration
	if report.when == "setup":
		_tests[module] += 1
	if report.failed:
		_failed[module] += 1


def pytest_terminal_summary(terminalreporter) -> None:
	if not _seconds:
		return
	tr = terminalreporter
	tr.write_sep("=", "time per module")
	width = max(len(m) for m in _seconds)
	for module, seconds in sorted(_seconds.items(), key=lambda kv: -kv[1]):
		failed = f"  ({_failed[module]} failed)" if _failed[module] else ""
		tr.write_line(f"{module:<{width}}  {seconds:8.1f} s  {_tests[module]:4d} tests{failed}")
	total = sum(_seconds.values())
	tr.write_line(f"{'total':<{width}}  {total:8.1f} s  {sum(_tests.values()):4d} tests")
