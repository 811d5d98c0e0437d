"""Load test: clients of different customers browsing every portal section at once.

Locust is not a dependency of the app; install it in a venv of its own:

    python3 -m venv /tmp/locust-venv && /tmp/locust-venv/bin/pip install locust
    RALOM_LOAD_SITE=perf.localhost /tmp/locust-venv/bin/locust -f scripts/locustfile.py --headless \\
        -u 20 -r 5 -t 2m --host http://127.0.0.1:8030

Each simulated client signs in as its own scale customer (`client0001@scale.example.ro`, ... made
by `bench --site X ralom-portal scale`; every RALOM_LOAD_BIG_EVERY-th is the big customer) and
opens lists and detail pages with a think time of RALOM_LOAD_WAIT seconds (default 0.5-1.5; 0
saturates the server). Loopback only.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from urllib.parse import urlparse

from locust import HttpUser, between, task

SITE = os.environ.get("RALOM_LOAD_SITE", "perf.localhost")
PASSWORD = os.environ.get("RALOM_LOAD_PASSWORD", "Scale#Portal2026")
CUSTOMERS = int(os.environ.get("RALOM_LOAD_CUSTOMERS", "20"))
BIG_EVERY = int(os.environ.get("RALOM_LOAD_BIG_EVERY", "10"))  # every 10th client is the big one
# Think time between pages, in seconds: "0.5-1.5" (a person) or "0" (saturate the server).
WAIT = [float(x) for x in os.environ.get("RALOM_LOAD_WAIT", "0.5-1.5").split("-")] * 2
LISTS = [
	"/portal",
	"/portal/offers",
	"/portal/projects",
	"/portal/invoices",
	"/portal/payments",
	"/portal/contracts",
	"/portal/tickets",
	"/portal/shipments",
	"/portal/files",
]
_numbers = itertools.count(1)


class PortalClient(HttpUser):
	wait_time = between(WAIT[0], WAIT[1])

	def on_start(self):
		host = urlparse(self.host).hostname or ""
		if not (host == "localhost" or host.startswith("127.")):
			raise SystemExit("load test only talks to this machine (loopback)")
		self.client.headers["Host"] = SITE
		n = next(_numbers)
		number = 0 if n % BIG_EVERY == 0 else (n - 1) % CUSTOMERS + 1
		r = self.client.post(
			"/api/method/login",
			data={"usr": f"client{number:04d}@scale.example.ro", "pwd": PASSWORD},
			name="login",
		)
		r.raise_for_status()
		self.details: list[str] = []

	@task(6)
	def browse_list(self):
		page = random.choice(LISTS)
		r = self.client.get(page, name=page)
		if r.ok and page in ("/portal/offers", "/portal/invoices", "/portal/projects"):
			found = re.findall(rf'href="({page}/[^"?]+)"', r.text)
			self.details = (found[:3] + self.details)[:9]

	@task(3)
	def open_detail(self):
		if self.details:
			path = random.choice(self.details)
			self.client.get(path, name=re.sub(r"^(/portal/[^/]+/).*", r"\1<name>", path))

	@task(1)
	def second_page(self):
		self.client.get("/portal/invoices?page=2", name="/portal/invoices?page=2")
