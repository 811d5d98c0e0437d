"""The client's file library ("Fișiere"): a fixed number of queries per page.

Every query carries the one File rule (`rules.file`, listed here branch by branch): files attached
to records the client may see, plus files staff shared with the company (attached to the Customer).
Type, record kind and text filters and the page window are applied in SQL, so the page runs the
same three queries (the kinds of record the client has files on, the page, the upload targets)
whether the client has five files or five thousand, or 3,000 invoices without files.
"""

from __future__ import annotations

import math

import frappe
from frappe.utils import cstr

from ralom_portal import sections
from ralom_portal.access import doctypes, rules
from ralom_portal.portal.file_serving import previewable
from ralom_portal.summaries import file_kinds

PAGE_SIZE = 20
MAX_TEXT = 100
# Folder of the files clients upload themselves (stored as this key, shown translated).
CLIENT_FOLDER = "From client"
COMPANY = "Customer"

# File types the library filters by, from the extension.
TYPES = {
	"pdf": ("pdf",),
	"image": ("png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "heic"),
	"drawing": ("dwg", "dxf", "dwf", "dgn", "step", "stp", "ifc", "skp"),
	"spreadsheet": ("xls", "xlsx", "ods", "csv"),
}
TYPE_LABELS = {
	"pdf": "PDF",
	"image": "Images",
	"drawing": "Drawings",
	"spreadsheet": "Spreadsheets",
	"other": "Other",
}
# What the library calls the company itself; records are named by the registry's `label`.
COMPANY_LABEL = "Shared with your company"


def record_label(doctype: str) -> str:
	"""The English source of a record kind's name (the template translates it)."""
	if doctype == COMPANY:
		return COMPANY_LABEL
	return doctypes.PORTAL_DOCTYPES.get(doctype, {}).get("label") or doctype


def record_kinds() -> tuple[str, ...]:
	"""The record kinds a client can filter by: the company itself, then the registry's doctypes."""
	return (COMPANY, *doctypes.file_parents())


def _ext_sql() -> str:
	return (
		"lower(if(locate('.', `tabFile`.file_name) > 0, substring_index(`tabFile`.file_name, '.', -1), ''))"
	)


def _type_sql() -> str:
	cases = " ".join(
		f"when {_ext_sql()} in ({', '.join(frappe.db.escape(e) for e in exts)}) then '{key}'"
		for key, exts in TYPES.items()
	)
	return f"(case {cases} else 'other' end)"


def clean_filters(form) -> dict:
	"""The page's filters from the query string; anything unknown is ignored."""
	kind = form.get("type")
	record = form.get("record")
	text = cstr(form.get("q") if isinstance(form.get("q"), str) else "").strip()[:MAX_TEXT]
	try:
		page = int(form.get("page") or 1)
	except (TypeError, ValueError):
		page = 1
	return {
		"type": kind if kind in TYPE_LABELS else None,
		"record": record if record in record_kinds() else None,
		"text": text or None,
		"page": max(1, min(page, 100_000)),
	}


def _filters_sql(filters) -> tuple[list[str], dict]:
	where, values = [], {}
	if filters.get("type"):
		where.append(f"{_type_sql()} = %(type)s")
		values["type"] = filters["type"]
	if filters.get("record"):
		where.append("`tabFile`.attached_to_doctype = %(record)s")
		values["record"] = filters["record"]
	if filters.get("text"):
		like = "%" + filters["text"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
		where.append("(`tabFile`.file_name like %(like)s or `tabFile`.ralom_portal_folder like %(like)s)")
		values["like"] = like
	return where, values


def _visible_files(customers, filters) -> tuple[str, dict]:
	"""The client's files after the filters, as a UNION ALL of the File rule's branches, one per kind
	of record, and disjoint (no file twice). Each branch starts from the client's records and looks
	their files up in File's (attached_to_doctype, attached_to_name) index (STRAIGHT_JOIN): left to
	itself, MariaDB read every file of that kind on the site once the client had more records than
	the site had such files (the 3,000-invoice customer on a site with 10,000 invoice files), so the
	page cost what the site's files cost. This way it costs what the client's records cost."""
	extra, values = _filters_sql(filters)
	columns = f"""`tabFile`.name, `tabFile`.file_name, `tabFile`.file_size, `tabFile`.creation,
			`tabFile`.attached_to_doctype, `tabFile`.attached_to_name, `tabFile`.ralom_portal_folder,
			`tabFile`.owner, {_type_sql()} as file_kind"""
	where = " and ".join((rules.FILE_FLAGS, *extra))
	# Invoices, payments and offers are read only when the client may have files on them (one query
	# of the maintained summary): the big customer's 6,500 records would cost a lookup each.
	with_files = file_kinds.with_files(customers)
	selects = [
		f"""select {columns} from ({records}) r
		straight_join `tabFile` on `tabFile`.attached_to_doctype = {frappe.db.escape(doctype)}
			and `tabFile`.attached_to_name = r.name
		where {where}"""
		for doctype, records in rules.file_parent_records(customers)
		if doctype not in file_kinds.TRACKED or doctype in with_files
	]
	selects.append(f"select {columns} from `tabFile` where {where} and {rules.shared_files(customers)}")
	return " union all ".join(selects), values


def library(customers: tuple[str, ...], filters: dict, user: str | None = None) -> dict:
	"""One page of the client's files, newest first, with their records and the filter's total (a
	window function over the same reading of the branches). Two queries (the kinds of record with
	files, the page); past the last page, two more (the count, then the last page)."""
	visible, values = _visible_files(customers, filters)
	page = filters.get("page") or 1
	rows = _page(visible, values, page)
	if not rows and page > 1:
		total = frappe.db.sql(f"select count(*) from ({visible}) f", values)[0][0]
		page = max(1, math.ceil(total / PAGE_SIZE))
		rows = _page(visible, values, page) if total else []
	total = int(rows[0].total) if rows else 0
	user = user or frappe.session.user
	for row in rows:
		row.pop("total", None)
		_describe(row, user)
	return {"files": rows, "total": total, "page": page, "pages": max(1, math.ceil(total / PAGE_SIZE))}


def _page(visible: str, values: dict, page: int) -> list[dict]:
	return frappe.db.sql(
		f"""select f.*, task.project as task_project, task.subject as task_subject, project.project_name,
			count(*) over () as total
		from ({visible}) f
		left join `tabTask` task on f.attached_to_doctype = 'Task' and task.name = f.attached_to_name
		left join `tabProject` project
			on f.attached_to_doctype = 'Project' and project.name = f.attached_to_name
		order by f.creation desc, f.name desc
		limit %(limit)s offset %(offset)s""",
		{**values, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
		as_dict=True,
	)


def _describe(row, user: str) -> None:
	doctype, name = row.attached_to_doctype, row.attached_to_name
	row.extension = (
		(row.file_name or "").rsplit(".", 1)[-1].upper()[:5] if "." in (row.file_name or "") else ""
	)
	row.preview = previewable(row.file_name)
	row.record_label = record_label(doctype)
	row.company_file = doctype == COMPANY
	row.record_title = None if row.company_file else (row.task_subject or row.project_name or name)
	row.record_route = (
		sections.record_route(doctype, name, {"project": row.task_project}) if name and doctype else None
	)
	row.client_folder = row.ralom_portal_folder == CLIENT_FOLDER
	# Clients delete only what they uploaded themselves to their company folder.
	row.deletable = row.company_file and row.client_folder and row.owner == user


def upload_targets(customers: tuple[str, ...]) -> list[dict]:
	"""Open quote requests the client can add files to (besides the company folder). One query."""
	return frappe.db.sql(
		f"""select `tabQuote Request`.name from `tabQuote Request`
		where {rules.quote_request(customers)} and `tabQuote Request`.status not in ('Closed', 'Cancelled')
		order by `tabQuote Request`.creation desc limit 50""",
		as_dict=True,
	)
