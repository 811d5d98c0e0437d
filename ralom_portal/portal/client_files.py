"""Writes behind the files library: client uploads and deletions, and staff sharing.

* `upload_to_company(customer, files)`: the client's documents go to its company's "From client"
  folder: attached to the Customer (staff see them among the Customer's attachments), shared, so
  the client's library lists them. Types are checked by content (`portal.uploads`), the size limit
  comes from Client Portal Settings. Everything is validated before anything is stored.
* `delete_own(name, user)`: a client deletes only what they uploaded themselves to that folder;
  any other file (staff's, another contact's, another client's, missing) gets the same refusal.
* `share(name, shared, folder)`: staff share a Customer attachment with the client (desk).

Callers check access first (`access.refuse`).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, cstr, escape_html

from ralom_portal.access import rules
from ralom_portal.portal.queries.files import CLIENT_FOLDER, COMPANY
from ralom_portal.utils import uploads
from ralom_portal.utils.notify import desk_alert
from ralom_portal.utils.text import has_markup

MAX_FILES = 5
DEFAULT_MB = 10
FRAPPE_LIMIT_MB = 25
MAX_RAW_NAME = 255
MAX_FOLDER = 140


class ClientFileError(frappe.ValidationError):
	pass


def _fail(message: str):
	frappe.throw(message, ClientFileError, title=_("Files"))


def max_size() -> int:
	mb = cint(frappe.db.get_single_value("Client Portal Settings", "file_upload_max_mb")) or DEFAULT_MB
	return max(1, min(mb, FRAPPE_LIMIT_MB)) * 1024 * 1024


def request_files() -> list[tuple[str, bytes]]:
	return uploads.request_files(MAX_FILES, max_size(), _fail)


def check_names(files) -> None:
	"""Refuse names that try to be paths, carry NUL bytes or are absurdly long (unicode is fine)."""
	for filename, _content in files or []:
		name = cstr(filename)
		if (
			not name.strip()
			or "\x00" in name
			or "/" in name
			or "\\" in name
			or name.strip(". ") == ""
			or len(name) > MAX_RAW_NAME
		):
			_fail(_("{0}: this file name is not allowed.").format(escape_html(name[:60])))


def upload_to_company(customer: str, files) -> dict:
	check_names(files)
	valid = uploads.validate(files, max_files=MAX_FILES, max_size=max_size(), fail=_fail)
	if not valid:
		_fail(_("Choose at least one file."))
	frappe.db.savepoint("ralom_client_files")
	try:
		saved = uploads.save(
			COMPANY,
			customer,
			valid,
			extra={"ralom_portal_shared": 1, "ralom_portal_folder": CLIENT_FOLDER},
		)
		# The customer's account manager hears about it in the desk (the files are on the Customer).
		manager = frappe.db.get_value("Customer", customer, "account_manager")
		if manager:
			desk_alert(
				manager,
				_("{0} sent {1} file(s) through the client portal").format(customer, len(saved)),
				"<br>".join(escape_html(n) for n in saved),
				COMPANY,
				customer,
			)
	except Exception:
		frappe.db.rollback(save_point="ralom_client_files")
		raise
	return {"files": saved}


def delete_message() -> str:
	return _("You can delete only files you uploaded yourself.")


def delete_own(name, user: str) -> dict:
	if not isinstance(name, str) or not name or len(name) > 140:
		frappe.throw(delete_message(), frappe.PermissionError)
	row = frappe.db.sql(
		f"""select `tabFile`.name, `tabFile`.owner, `tabFile`.attached_to_doctype,
			`tabFile`.ralom_portal_folder
		from `tabFile` where `tabFile`.name = %s and ({rules.condition("File", user)}) for update""",
		name,
		as_dict=True,
	)
	if (
		not row
		or row[0].owner != user
		or row[0].attached_to_doctype != COMPANY
		or row[0].ralom_portal_folder != CLIENT_FOLDER
	):
		frappe.throw(delete_message(), frappe.PermissionError)
	frappe.delete_doc("File", name, ignore_permissions=True)
	return {"deleted": name}


def share(name: str, shared, folder=None) -> dict:
	"""Staff: share (or stop sharing) a file attached to a Customer with that client."""
	doc = frappe.get_doc("File", name)
	doc.check_permission("write")
	if doc.attached_to_doctype != COMPANY or not doc.attached_to_name:
		frappe.throw(_("Only files attached to a Customer can be shared with the client company."))
	folder = cstr(folder).strip()
	if len(folder) > MAX_FOLDER or has_markup(folder):
		frappe.throw(_("The folder name must be plain text of at most {0} characters.").format(MAX_FOLDER))
	doc.ralom_portal_shared = 1 if cint(shared) else 0
	if folder or not doc.ralom_portal_shared:
		doc.ralom_portal_folder = folder or None
	doc.save()
	return {"name": doc.name, "shared": doc.ralom_portal_shared, "folder": doc.ralom_portal_folder}
