#!/usr/bin/env python3
"""e-Factura figures (issue 28): XML time for a 200-line invoice, and the period archive of 500
invoices (time, size, peak memory). Run with the bench's Python, as the bench user:

    cd ~/ralom-bench/sites && ../env/bin/python ../apps/ralom_portal/scripts/efactura_benchmark.py \\
        --site test.ralom.localhost

It builds a real 200-line Sales Invoice (through ERPNext, rolled back at the end: nothing stays),
times the XML (data read + UBL build; goal 200 ms) and, apart, the XSD check. For the archive it
writes 500 invoices' XML and signed ZIP to a temporary folder and streams the archive exactly as the
portal does (portal/efactura_archive.py), reading it to the end; peak memory is Python's traced peak
while streaming (goal 100 MB) and the process's peak RSS. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", default="test.ralom.localhost")
	parser.add_argument("--sites-path", default=".")
	parser.add_argument("--lines", type=int, default=200)
	parser.add_argument("--invoices", type=int, default=500)
	parser.add_argument("--runs", type=int, default=20)
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site, sites_path=args.sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		xml = _xml_figures(args)
		_archive_figures(args, xml)
	finally:
		frappe.db.rollback()
		frappe.destroy()
	return 0


def _xml_figures(args) -> bytes:
	import frappe

	from ralom_portal.demo import builders
	from ralom_portal.demo.efactura import make_billing_address
	from ralom_portal.efactura import schema
	from ralom_portal.efactura.data import invoice_data
	from ralom_portal.efactura.ubl import build

	customer = builders.make_customer("Benchmark e-Factura SRL", tax_id="RO18547290").name
	make_billing_address(customer)
	codes = [
		builders.make_item(f"EF-BENCH-{i}", rate=10 + i, uom=("Nos", "Hour", "Meter", "Kg")[i % 4]).name
		for i in range(20)
	]
	lines = [(codes[i % 20], 1 + i % 7, round(3.5 + i * 1.37, 2)) for i in range(args.lines)]
	started = time.perf_counter()
	invoice = builders.make_sales_invoice(customer, lines, vat_rate=19)
	print(
		f"(a {args.lines}-line invoice built and submitted by ERPNext in {time.perf_counter() - started:.1f} s)"
	)
	times, xsd_times = [], []
	for _ in range(args.runs):
		doc = frappe.get_doc("Sales Invoice", invoice.name)
		t0 = time.perf_counter()
		xml = build(invoice_data(doc))
		times.append((time.perf_counter() - t0) * 1000)
		t1 = time.perf_counter()
		errors = schema.errors(xml)
		xsd_times.append((time.perf_counter() - t1) * 1000)
	assert not errors, errors[:3]
	print(
		f"XML for a {args.lines}-line invoice: p50 {statistics.median(times):.1f} ms, "
		f"max {max(times):.1f} ms over {args.runs} runs (goal <= 200 ms); {len(xml) / 1024:.0f} kB"
	)
	print(
		f"XSD check of it: p50 {statistics.median(xsd_times[1:] or xsd_times):.1f} ms "
		f"(first, with the schema compiled once per process: {xsd_times[0]:.0f} ms)"
	)
	return xml


def _archive_figures(args, sample_xml: bytes) -> None:
	from ralom_portal.demo.efactura import DEMO_SIGNATURE
	from ralom_portal.portal import efactura_archive

	# A typical invoice's XML (a 10-line one is ~1/20 of the 200-line one) and its signed ZIP.
	xml = sample_xml[: max(len(sample_xml) // 20, 8000)]
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as signed:
		signed.writestr("5001.xml", xml)
		signed.writestr("semnatura_5001.xml", DEMO_SIGNATURE)
	with tempfile.TemporaryDirectory() as folder:
		files = []
		for i in range(args.invoices):
			for suffix, content in ((".xml", xml), ("_semnat.zip", buffer.getvalue())):
				path = os.path.join(folder, f"inv{i}{suffix}")
				with open(path, "wb") as f:
					f.write(content)
				files.append((path, f"ACC-SINV-2026-{i:05d}_{5001000000 + i}{suffix}"))
		tracemalloc.start()
		t0 = time.perf_counter()
		size = sum(len(chunk) for chunk in efactura_archive.stream(files))
		elapsed = time.perf_counter() - t0
		_current, peak = tracemalloc.get_traced_memory()
		tracemalloc.stop()
	rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
	print(
		f"Archive of {args.invoices} invoices ({len(files)} files): {elapsed * 1000:.0f} ms, "
		f"{size / 1024 / 1024:.1f} MB streamed; peak traced memory while streaming "
		f"{peak / 1024 / 1024:.2f} MB (goal <= 100 MB); process peak RSS {rss:.0f} MB"
	)


if __name__ == "__main__":
	sys.exit(main())
