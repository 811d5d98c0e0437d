"""WSGI entry for the test server: Frappe's production app (as gunicorn runs it), pinned to the test site.

Unlike `bench serve` (Werkzeug's dev server, which shows debuggers and tracebacks), this answers
errors exactly as a production bench does, so the tests see what clients would see.
"""

import os

import frappe.app

frappe.app._site = os.environ["RALOM_TEST_SITE"]
frappe.app._sites_path = os.environ.get("SITES_PATH", ".")
# Static /assets and /files as nginx would serve them in production.
application = frappe.app.application_with_statics()
