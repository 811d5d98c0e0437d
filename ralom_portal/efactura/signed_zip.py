"""ANAF's ZIPs: the signed invoice of an accepted message, or the error list of a rejected one.

An accepted message's ZIP holds the invoice XML (`<index>.xml`) and ANAF's XML signature
(`semnatura_<index>.xml`, an XMLDSig `Signature` with a `SignatureValue`). A ZIP that cannot be
opened, is too large once unpacked, or lacks either part is refused: it is never shown to a client
as ANAF's validation. What is checked is the structure; the signature's cryptography is verified
against ANAF's certificate by ANAF's own tools (the Ministry's certificate is not available here).
"""

from __future__ import annotations

import io
import zipfile

from frappe import _
from lxml import etree

DSIG = "http://www.w3.org/2000/09/xmldsig#"
MAX_UNPACKED = 50 * 1024 * 1024


class BadZip(ValueError):
	pass


def _members(content: bytes) -> dict[str, bytes]:
	try:
		archive = zipfile.ZipFile(io.BytesIO(content))
		infos = archive.infolist()
		if sum(i.file_size for i in infos) > MAX_UNPACKED:
			raise BadZip(_("the ZIP unpacks to more than 50 MB"))
		return {i.filename: archive.read(i) for i in infos if not i.is_dir()}
	except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as e:
		raise BadZip(_("the ZIP cannot be opened: {0}").format(e)) from None


def _xml(name: str, content: bytes):
	try:
		return etree.fromstring(content)
	except etree.XMLSyntaxError:
		raise BadZip(_("{0} in the ZIP is not XML").format(name)) from None


def verify(content: bytes) -> dict:
	"""{"invoice": name, "signature": name} of a signed ZIP, else BadZip with the reason."""
	members = _members(content)
	signatures = [n for n in members if n.lower().startswith("semnatura_") and n.lower().endswith(".xml")]
	invoices = [n for n in members if n.lower().endswith(".xml") and n not in signatures]
	if not signatures:
		raise BadZip(_("the ZIP has no ANAF signature (semnatura_*.xml)"))
	if len(invoices) != 1:
		raise BadZip(_("the ZIP does not hold exactly one invoice XML"))
	signature = _xml(signatures[0], members[signatures[0]])
	value = signature.find(f".//{{{DSIG}}}SignatureValue")
	if value is None or not (value.text or "").strip():
		raise BadZip(_("ANAF's signature in the ZIP has no signature value"))
	_xml(invoices[0], members[invoices[0]])
	return {"invoice": invoices[0], "signature": signatures[0]}


def error_messages(content: bytes) -> list[str]:
	"""ANAF's messages from a rejected message's ZIP (`<Error errorMessage="…"/>` elements)."""
	messages = []
	for name, data in _members(content).items():
		if not name.lower().endswith(".xml") or name.lower().startswith("semnatura_"):
			continue
		root = _xml(name, data)
		messages += [
			e.get("errorMessage")
			for e in root.iter()
			if isinstance(e.tag, str)
			and etree.QName(e).localname in ("Error", "Errors")
			and e.get("errorMessage")
		]
	return messages
