"""A real Frappe web server (gunicorn, as in production) for the test site, and HTTP clients.

Page and isolation tests go through Frappe's own request handling over HTTP, in a separate
process, so they see only committed data (the `demo_data` fixture).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import requests

from ralom_portal.tests.conftest import BENCH_DIR, SITE

PORT = int(os.environ.get("RALOM_TEST_PORT", "8001"))


class Server:
	def __init__(self, port: int = PORT):
		self.port = port
		self.url = f"http://127.0.0.1:{port}"
		self.proc: subprocess.Popen | None = None
		self.log = (
			Path(os.environ.get("RALOM_ARTIFACTS", BENCH_DIR / "test-artifacts")) / f"server-{port}.log"
		)

	def start(self) -> Server:
		if _port_open(self.port):
			raise RuntimeError(f"port {self.port} is already taken; set RALOM_TEST_PORT")
		self.log.parent.mkdir(parents=True, exist_ok=True)
		self.proc = subprocess.Popen(
			[
				str(BENCH_DIR / "env/bin/gunicorn"),
				"--bind",
				f"127.0.0.1:{self.port}",
				"--workers",
				"2",
				"--threads",
				"2",
				"--timeout",
				"120",
				"ralom_portal.tests.wsgi:application",
			],
			cwd=BENCH_DIR / "sites",
			env={**os.environ, "RALOM_TEST_SITE": SITE, "SITES_PATH": str(BENCH_DIR / "sites")},
			stdout=self.log.open("ab"),
			stderr=subprocess.STDOUT,
			start_new_session=True,
		)
		deadline = time.time() + 60
		while time.time() < deadline:
			if self.proc.poll() is not None:
				raise RuntimeError(f"test server exited; see {self.log}")
			try:
				if requests.get(self.url + "/api/method/ping", timeout=5).status_code == 200:
					return self
			except requests.RequestException:
				pass
			time.sleep(0.5)
		self.stop()
		raise RuntimeError(f"test server did not start; see {self.log}")

	def stop(self) -> None:
		if self.proc and self.proc.poll() is None:
			os.killpg(self.proc.pid, 15)
			self.proc.wait(timeout=20)

	def client(self, user: str | None = None, password: str | None = None) -> Client:
		c = Client(self.url)
		if user:
			c.login(user, password)
		return c


class Client(requests.Session):
	def __init__(self, base: str):
		super().__init__()
		self.base = base
		self.csrf_token = None

	def request(self, method, url, *args, follow: bool = False, **kwargs):
		"""Like requests, but redirects are never followed unless `follow=True` (tests assert them)."""
		if url.startswith("/"):
			url = self.base + url
		kwargs["allow_redirects"] = follow
		kwargs.setdefault("timeout", 60)
		if self.csrf_token and method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
			kwargs.setdefault("headers", {}).setdefault("X-Frappe-CSRF-Token", self.csrf_token)
		return super().request(method, url, *args, **kwargs)

	def login(self, user: str, password: str | None) -> None:
		r = self.post("/api/method/login", data={"usr": user, "pwd": password})
		assert r.status_code == 200, (user, r.status_code, r.text[:300])

	def open_portal(self) -> requests.Response:
		"""Load the dashboard (which issues the session's CSRF token) and keep the token."""
		import re

		r = self.get("/portal")
		m = re.search(r'frappe.csrf_token = "([^"]+)"', r.text)
		if m:
			self.csrf_token = m.group(1)
		return r


def _port_open(port: int) -> bool:
	with socket.socket() as s:
		s.settimeout(0.5)
		return s.connect_ex(("127.0.0.1", port)) == 0
