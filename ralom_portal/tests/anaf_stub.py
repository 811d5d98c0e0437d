"""A stub of ANAF's e-Factura API on loopback, answering the way ANAF's documentation shows.

Tests script it: `stub.script("stareMesaj", STATUS_OK("3001"), ...)` queues answers per endpoint
(the last one repeats); every request is recorded (`stub.calls`). Answers are (HTTP status, headers,
body) or the string "timeout" (the stub sleeps past the client's timeout).
"""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

UPLOAD_NS = "mfp:anaf:dgti:spv:respUploadFisier:v1"
STATUS_NS = "mfp:anaf:dgti:efactura:stareMesajFactura:v1"
XML = {"Content-Type": "application/xml"}


def upload_ok(index="5001234567", date="202612061530"):
	body = (
		f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<header xmlns="{UPLOAD_NS}" '
		f'dateResponse="{date}" ExecutionStatus="0" index_incarcare="{index}"/>'
	)
	return 200, XML, body.encode()


def upload_error(message):
	body = (
		f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<header xmlns="{UPLOAD_NS}" '
		f'dateResponse="202612061530" ExecutionStatus="1"><Errors errorMessage="{message}"/></header>'
	)
	return 200, XML, body.encode()


def status(stare, download_id=None):
	extra = f' id_descarcare="{download_id}"' if download_id else ""
	body = f'<?xml version="1.0" encoding="UTF-8"?>\n<header xmlns="{STATUS_NS}" stare="{stare}"{extra}/>'
	return 200, XML, body.encode()


def status_error(message):
	body = f'<?xml version="1.0" encoding="UTF-8"?>\n<header xmlns="{STATUS_NS}"><Errors errorMessage="{message}"/></header>'
	return 200, XML, body.encode()


SIGNATURE = (
	'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/>'
	"<SignatureValue>c2lnbmVkIGJ5IEFOQUY=</SignatureValue></Signature>"
)


def zip_of(files: dict[str, str | bytes]) -> bytes:
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w") as z:
		for name, content in files.items():
			z.writestr(name, content)
	return buffer.getvalue()


def signed_zip(index="5001234567", invoice_xml="<Invoice/>"):
	return (
		200,
		{"Content-Type": "application/zip"},
		zip_of({f"{index}.xml": invoice_xml, f"semnatura_{index}.xml": SIGNATURE}),
	)


def errors_zip(index="5001234567", *messages):
	errors = "".join(f'<Error errorMessage="{m}"/>' for m in messages)
	content = f'<header xmlns="mfp:anaf:dgti:efactura:mesajEroriFactuta:v1" Index_incarcare="{index}">{errors}</header>'
	return (
		200,
		{"Content-Type": "application/zip"},
		zip_of({f"{index}.xml": content, f"semnatura_{index}.xml": SIGNATURE}),
	)


def json_error(message):
	return (
		200,
		{"Content-Type": "application/json"},
		('{"eroare": "%s", "titlu": "Descarcare mesaj"}' % message).encode(),
	)


def token_ok(access="ACCESS-2", refresh="REFRESH-2"):
	body = '{"access_token": "%s", "refresh_token": "%s", "expires_in": 7776000, "token_type": "Bearer"}'
	return 200, {"Content-Type": "application/json"}, (body % (access, refresh)).encode()


RATE_LIMITED = (429, {"Content-Type": "text/plain"}, b"Too Many Requests")
UNAUTHORIZED = (401, {"Content-Type": "application/json"}, b'{"error": "invalid_token"}')
FORBIDDEN = (403, {"Content-Type": "application/json"}, b'{"eroare": "Nu aveti drept in SPV"}')


def validation_ok():
	"""`validare`: ANAF accepts the XML (JSON, as its documented answer)."""
	return (200, {"Content-Type": "application/json"}, b'{"stare":"ok","trace_id":"7a3f"}')


def validation_nok(*messages):
	body = {"stare": "nok", "Messages": [{"message": m} for m in messages], "trace_id": "7a40"}
	return (200, {"Content-Type": "application/json"}, json.dumps(body).encode())


class Stub:
	def __init__(self):
		self.answers: dict[str, list] = {}
		self.calls: list[dict] = []
		self.delay = 2.0
		stub = self

		class Handler(BaseHTTPRequestHandler):
			def log_message(self, *args):
				pass

			def _answer(self):
				url = urlparse(self.path)
				endpoint = url.path.rstrip("/").rsplit("/", 1)[-1]
				length = int(self.headers.get("Content-Length") or 0)
				body = self.rfile.read(length) if length else b""
				stub.calls.append(
					{
						"endpoint": endpoint,
						"params": {k: v[0] for k, v in parse_qs(url.query).items()},
						"body": body,
						"authorization": self.headers.get("Authorization"),
					}
				)
				queue = stub.answers.get(endpoint) or [(404, {}, b"no answer scripted")]
				answer = queue.pop(0) if len(queue) > 1 else queue[0]
				if answer == "timeout":
					time.sleep(stub.delay)
					return
				code, headers, content = answer
				try:
					self.send_response(code)
					for k, v in headers.items():
						self.send_header(k, v)
					self.send_header("Content-Length", str(len(content)))
					self.end_headers()
					self.wfile.write(content)
				except OSError:
					pass

			do_GET = _answer
			do_POST = _answer

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.server.daemon_threads = True
		# shutdown() waits for the serving loop's next poll: at the default 0.5 s, each test paid it.
		self.thread = threading.Thread(
			target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
		)

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.server.server_address[1]}"

	def start(self):
		self.thread.start()
		return self

	def stop(self):
		self.server.shutdown()
		self.server.server_close()

	def script(self, endpoint: str, *answers):
		self.answers[endpoint] = list(answers)

	def endpoints(self) -> list[str]:
		return [c["endpoint"] for c in self.calls]
