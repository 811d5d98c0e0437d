"""The HTTP client for ANAF's e-Factura API (upload, stareMesaj, descarcare) with OAuth2 tokens.

Shapes follow ANAF's published answers: `upload` and `stareMesaj` answer an XML `<header>` with
attributes (`index_incarcare`, `ExecutionStatus`, `stare`, `id_descarcare`) and `<Errors
errorMessage="…">` children; `descarcare` answers a ZIP, or JSON `{"eroare": …}` when it has none.

Retries: reads (stareMesaj, descarcare) are retried after timeouts, connection errors, 429 and 5xx,
waiting BACKOFF_SECONDS, then twice that, and so on. An upload is retried only when it never reached
ANAF (connection refused) or ANAF said so (429, 503): after a timeout ANAF may have filed it, and a
second upload would file the invoice twice, so the caller is told to check instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import frappe
import requests
from frappe import _
from frappe.utils import add_to_date, get_datetime, now_datetime
from lxml import etree

DEFAULT_BASE = {
	"TEST": "https://api.anaf.ro/test/FCTEL/rest",
	"Production": "https://api.anaf.ro/prod/FCTEL/rest",
}
DEFAULT_TOKEN_URL = "https://logincert.anaf.ro/anaf-oauth2/v1/token"
BACKOFF_SECONDS = 2.0
MAX_ZIP_BYTES = 20 * 1024 * 1024


class AnafError(Exception):
	"""ANAF could not be reached or refused the call; `message` is shown to staff as it is."""

	def __init__(self, message: str, *, transient: bool = False, sent: bool = False):
		super().__init__(message)
		self.message = message
		self.transient = transient
		# True when an upload may have reached ANAF although no answer came back.
		self.sent = sent


@dataclass
class Answer:
	"""An upload or stareMesaj answer: the header's attributes and ANAF's error messages."""

	attributes: dict
	errors: list[str] = field(default_factory=list)

	def get(self, key: str):
		return self.attributes.get(key)


def parse_header(body: bytes) -> Answer:
	try:
		root = etree.fromstring(body)
	except etree.XMLSyntaxError:
		raise AnafError(_("ANAF answered something that is not XML: {0}").format(_snippet(body))) from None
	errors = [
		e.get("errorMessage")
		for e in root.iter()
		if etree.QName(e).localname in ("Errors", "Error") and e.get("errorMessage")
	]
	return Answer(dict(root.attrib), errors)


def _never_sent(error: requests.ConnectionError) -> bool:
	"""The connection was never made (refused, unresolvable, connect timeout): nothing reached ANAF."""
	import urllib3

	reason = getattr(error.args[0], "reason", None) if error.args else None
	return isinstance(error, requests.ConnectTimeout) or isinstance(
		reason, urllib3.exceptions.NewConnectionError
	)


def _snippet(body: bytes) -> str:
	return body[:300].decode("utf-8", "replace")


class Client:
	def __init__(self, settings=None, *, sleep=time.sleep):
		self.settings = settings or frappe.get_single("e-Factura Settings")
		self.base_url = (self.settings.base_url or DEFAULT_BASE[self.settings.environment or "TEST"]).rstrip(
			"/"
		)
		self.token_url = self.settings.token_url or DEFAULT_TOKEN_URL
		self.timeout = self.settings.timeout_seconds or 30
		self.retries = self.settings.retries if self.settings.retries is not None else 3
		self.sleep = sleep

	# OAuth2 ---------------------------------------------------------------------------------------

	def access_token(self, *, force_refresh: bool = False) -> str:
		token = self.settings.get_password("access_token", raise_exception=False)
		expires = self.settings.token_expires_on
		fresh = token and expires and get_datetime(expires) > add_to_date(now_datetime(), minutes=5)
		if fresh and not force_refresh:
			return token
		return self.refresh()

	def refresh(self) -> str:
		"""A new access token from the refresh token (ANAF rotates the refresh token too)."""
		refresh_token = self.settings.get_password("refresh_token", raise_exception=False)
		secret = self.settings.get_password("client_secret", raise_exception=False)
		if not (refresh_token and self.settings.client_id and secret):
			raise AnafError(_("e-Factura Settings lack the client ID, secret or refresh token"))
		try:
			response = requests.post(
				self.token_url,
				data={
					"grant_type": "refresh_token",
					"refresh_token": refresh_token,
					"token_content_type": "jwt",
				},
				auth=(self.settings.client_id, secret),
				timeout=self.timeout,
			)
		except requests.RequestException as e:
			raise AnafError(
				_("ANAF's login service could not be reached: {0}").format(e), transient=True
			) from e
		if response.status_code != 200:
			raise AnafError(
				_("ANAF refused to renew the token (HTTP {0}): {1}").format(
					response.status_code, _snippet(response.content)
				)
			)
		data = response.json()
		self.settings.access_token = data["access_token"]
		if data.get("refresh_token"):
			self.settings.refresh_token = data["refresh_token"]
		self.settings.token_expires_on = add_to_date(
			now_datetime(), seconds=int(data.get("expires_in") or 3600)
		)
		self.settings.flags.ignore_permissions = True
		self.settings.save()
		return data["access_token"]

	# Calls ----------------------------------------------------------------------------------------

	def _call(self, method: str, path: str, *, params: dict, data: bytes | None = None, upload: bool = False):
		url = f"{self.base_url}/{path}"
		refreshed = False
		attempt = 0
		while True:
			headers = {"Authorization": f"Bearer {self.access_token(force_refresh=refreshed)}"}
			if data is not None:
				headers["Content-Type"] = "text/plain"
			try:
				response = requests.request(
					method, url, params=params, data=data, headers=headers, timeout=self.timeout
				)
			except requests.ConnectionError as e:
				error = AnafError(
					_("ANAF could not be reached: {0}").format(e),
					transient=True,
					sent=upload and not _never_sent(e),
				)
				if error.sent:
					raise error from e
			except requests.Timeout as e:
				error = AnafError(
					_("ANAF did not answer within {0} seconds").format(self.timeout),
					transient=True,
					sent=upload,
				)
				if upload:
					raise error from e
			else:
				if response.status_code == 401 and not refreshed:
					refreshed = True
					continue
				if response.status_code == 200:
					return response
				error = self._http_error(response)
				if not error.transient:
					raise error
			if attempt >= self.retries:
				raise error
			self.sleep(BACKOFF_SECONDS * 2**attempt)
			attempt += 1

	def _http_error(self, response) -> AnafError:
		code = response.status_code
		if code == 429:
			return AnafError(_("ANAF's call limit was reached (HTTP 429); try again later"), transient=True)
		if code == 403:
			return AnafError(
				_("ANAF refused access (HTTP 403): the token has no rights for this company in SPV")
			)
		if code == 401:
			return AnafError(_("ANAF refused the token (HTTP 401) even after renewing it"))
		return AnafError(
			_("ANAF answered HTTP {0}: {1}").format(code, _snippet(response.content)), transient=code >= 500
		)

	def upload(self, xml: bytes, cif: str, *, credit_note: bool = False) -> Answer:
		params = {"standard": "CN" if credit_note else "UBL", "cif": cif}
		return parse_header(self._call("POST", "upload", params=params, data=xml, upload=True).content)

	def validate(self, xml: bytes, *, credit_note: bool = False) -> list[str]:
		"""ANAF's own check of an XML (`validare/FACT1`, `validare/FCN` for a credit note), the authority
		over ours (rules.py, schema.py): [] when ANAF accepts it, else ANAF's messages. Nothing is filed,
		so a timeout or a 5xx is retried like a status call."""
		standard = "FCN" if credit_note else "FACT1"
		response = self._call("POST", f"validare/{standard}", params={}, data=xml)
		try:
			answer = response.json()
		except ValueError:
			raise AnafError(
				_("ANAF answered something that is not JSON: {0}").format(_snippet(response.content))
			) from None
		if answer.get("stare") == "ok":
			return []
		messages = [m.get("message") for m in answer.get("Messages") or [] if m.get("message")]
		return messages or [_("ANAF rejected the invoice without a message")]

	def status(self, upload_index: str) -> Answer:
		return parse_header(self._call("GET", "stareMesaj", params={"id_incarcare": upload_index}).content)

	def download(self, download_id: str) -> bytes:
		response = self._call("GET", "descarcare", params={"id": download_id})
		content = response.content
		if len(content) > MAX_ZIP_BYTES:
			raise AnafError(_("ANAF's ZIP is larger than {0} MB").format(MAX_ZIP_BYTES // (1024 * 1024)))
		if not content.startswith(b"PK"):
			try:
				message = response.json().get("eroare")
			except ValueError:
				message = None
			raise AnafError(
				_("ANAF sent no ZIP for download {0}: {1}").format(download_id, message or _snippet(content))
			)
		return content
