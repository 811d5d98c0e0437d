"""A WSGI entry pinned to one site (RALOM_SITE): Frappe's production app, with /assets and /files.

`make demo` serves the demo site with it under gunicorn, and scripts/restore_drill.py the restored
site. `bench serve` cannot do the demo's job: Frappe 15 binds it to 0.0.0.0 (the command has no host
option) and runs Werkzeug's debugger, whose traceback page anyone who reaches the port got for a
missing file. Under gunicorn the server listens where it is told (RALOM_HOST, 127.0.0.1 by default)
and answers errors as a production bench does. Static files are served here as nginx would.
"""

import os

import frappe.app
from werkzeug.exceptions import HTTPException

frappe.app._site = os.environ.get("RALOM_SITE")
frappe.app._sites_path = os.environ.get("SITES_PATH", ".")
_served = frappe.app.application_with_statics()


def application(environ, start_response):
	try:
		return _served(environ, start_response)
	except HTTPException as e:
		# Frappe's /files loader raises NotFound outside any handler: Werkzeug's debugger showed it as
		# its traceback page, gunicorn as a 500. It is a 404, as nginx answers in production.
		return e(environ, start_response)
