"""Projects and their tasks for the portal: list, detail page and Gantt data.

Every query selects explicit columns (never costs, billing or timesheet amounts) and is limited
with `ralom_portal.access.rules`. The project page needs a fixed number of queries whatever the
number of tasks: the project, its visible tasks, their dependencies, and the names of the people
assigned (four in all).
"""

from __future__ import annotations

import json
import math
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, nowdate

from ralom_portal.access import rules

# Project statuses a client may filter by (ERPNext's Project.status options).
STATUSES = ("Open", "Completed", "Cancelled")
PAGE_SIZE = 50

# Explicit column lists: nothing else of a Project or Task ever leaves the server.
PROJECT_COLUMNS = """`tabProject`.name, `tabProject`.project_name, `tabProject`.status,
	`tabProject`.percent_complete, `tabProject`.expected_start_date, `tabProject`.expected_end_date"""
TASK_COLUMNS = """`tabTask`.name, `tabTask`.subject, `tabTask`.status, `tabTask`.progress,
	`tabTask`.exp_start_date, `tabTask`.exp_end_date, `tabTask`.is_milestone, `tabTask`.is_group,
	`tabTask`.parent_task, `tabTask`.lft, `tabTask`._assign, `tabTask`.ralom_portal_visible"""

# How far (in percentage points) progress may trail the elapsed share of the planned time before
# an open project counts as behind schedule.
BEHIND_TOLERANCE = 20


# Projects list ----------------------------------------------------------------------------------


def pending_sql(customers: tuple[str, ...]) -> str:
	"""Open milestones of the client's projects falling due between `today` and `soon`, as
	action-centre rows: `name` is the project (what the line links to), `label` the milestone.
	Parameters: `today`, `soon`."""
	return f"""select 'milestone' as kind, `tabTask`.project as name, `tabTask`.subject as label,
			`tabTask`.exp_end_date as due, `tabTask`.exp_start_date as since, null as amount,
			null as currency
		from `tabTask`
		where {rules.task(customers)} and `tabTask`.is_milestone = 1
			and `tabTask`.status not in ('Completed', 'Cancelled', 'Template')
			and `tabTask`.exp_end_date between %(today)s and %(soon)s"""


def project_list(
	customers: tuple[str, ...], status: str | None = None, limit: int = PAGE_SIZE, offset: int = 0
) -> list[dict]:
	"""One page of the projects of `customers` (all statuses, or one status from STATUSES), open
	ones first; each row carries the `total` over the filter. One query."""
	condition = rules.project(customers)
	values = {"limit": int(limit), "offset": max(int(offset), 0)}
	if status in STATUSES:
		condition += " and `tabProject`.status = %(status)s"
		values["status"] = status
	rows = frappe.db.sql(
		f"""select {PROJECT_COLUMNS}, count(*) over () as total
		from `tabProject` where {condition}
		order by `tabProject`.status = 'Open' desc, `tabProject`.expected_end_date is null,
			`tabProject`.expected_end_date desc, `tabProject`.name desc
		limit %(limit)s offset %(offset)s""",
		values,
		as_dict=True,
	)
	today = getdate(nowdate())
	for row in rows:
		row.percent_complete = _percent(row.percent_complete)
		row.schedule = schedule(row, today)
	return rows


def schedule(project, today: date | None = None) -> str | None:
	"""On-schedule indicator of a project: "late", "behind", "on-schedule" or None.

	Rule (open projects only; completed or cancelled ones, and projects without an expected end,
	get no indicator):
	- "late": the expected end date has passed and the project is not complete (< 100 %);
	- "behind": the share of the planned time already elapsed, in percent, exceeds the project's
	  % complete by more than BEHIND_TOLERANCE (20) points, e.g. 70 % of the time gone at 40 % done;
	- "on-schedule": otherwise.
	"""
	if project.get("status") != "Open" or not project.get("expected_end_date"):
		return None
	today = getdate(today or nowdate())
	end = getdate(project.get("expected_end_date"))
	progress = _percent(project.get("percent_complete"))
	if end < today and progress < 100:
		return "late"
	start = getdate(project.get("expected_start_date")) if project.get("expected_start_date") else None
	if start and end > start:
		elapsed = min(max((today - start).days / (end - start).days, 0), 1) * 100
		if elapsed - progress > BEHIND_TOLERANCE:
			return "behind"
	return "on-schedule"


# Project page -----------------------------------------------------------------------------------


def get_project(customers: tuple[str, ...], name: str | None):
	"""The project if it belongs to `customers`, else None (for "not yours" and "no such")."""
	if not name or not customers:
		return None
	rows = frappe.db.sql(
		f"""select {PROJECT_COLUMNS}, `tabProject`._assign
		from `tabProject` where `tabProject`.name = %(name)s and {rules.project(customers)}""",
		{"name": name},
		as_dict=True,
	)
	if not rows:
		return None
	project = rows[0]
	project.percent_complete = _percent(project.percent_complete)
	project.schedule = schedule(project)
	return project


def visible_tasks(customers: tuple[str, ...], project: str) -> list[dict]:
	"""The project's tasks the client may see, in tree order, with dependencies and assignees."""
	return _tasks_and_names(customers, project)[0]


def _tasks_and_names(customers, project: str, extra_users=()) -> tuple[list[dict], dict[str, str]]:
	"""Three queries whatever the number of tasks: tasks, dependencies, and the display names of
	the assignees (and of `extra_users`, resolved in the same query; see `full_names`)."""
	rows = frappe.db.sql(
		f"""select {TASK_COLUMNS}
		from `tabTask` where `tabTask`.project = %(project)s and {rules.task(customers)}""",
		{"project": project},
		as_dict=True,
	)
	names = {r.name for r in rows}
	deps: dict[str, list[str]] = {}
	if names:
		# Only links between two visible tasks: a hidden task is never named, not even by id.
		for parent, task in frappe.db.sql(
			f"""select d.parent, d.task from `tabTask Depends On` d
			join `tabTask` on `tabTask`.name = d.task
			where d.parenttype = 'Task' and d.parent in %(names)s and {rules.task(customers)}
			order by d.parent, d.idx""",
			{"names": tuple(names)},
		):
			deps.setdefault(parent, []).append(task)
	assigned = {r.name: _assignees(r.pop("_assign", None)) for r in rows}
	fullnames = full_names({u for users in assigned.values() for u in users} | set(extra_users))
	for r in rows:
		r.depends_on = deps.get(r.name, [])
		r.assignees = [fullnames[u] for u in assigned[r.name] if fullnames.get(u)]
		r.progress = _percent(r.progress)
	return tree_order(rows), fullnames


def tree_order(rows: list[dict]) -> list[dict]:
	"""Parents before their children (depth-first), siblings by expected start; sets `depth`.

	A task whose parent is not visible is shown at the top level (its parent is never named).
	"""
	by_name = {r["name"]: r for r in rows}
	children: dict[str | None, list[dict]] = {}
	for r in rows:
		parent = r.get("parent_task") if r.get("parent_task") in by_name else None
		children.setdefault(parent, []).append(r)

	def key(r):
		start = r.get("exp_start_date")
		return (start is None, str(getdate(start)) if start else "", cint(r.get("lft")), r["name"])

	ordered: list[dict] = []
	seen: set[str] = set()

	def walk(parent, depth):
		for r in sorted(children.get(parent, []), key=key):
			if r["name"] in seen:
				continue
			seen.add(r["name"])
			r["depth"] = depth
			ordered.append(r)
			walk(r["name"], depth + 1)

	walk(None, 0)
	# Parent loops (bad data) would leave tasks unreachable: list them at the top level.
	for r in rows:
		if r["name"] not in seen:
			seen.add(r["name"])
			r["depth"] = 0
			ordered.append(r)
	return ordered


def full_names(users: set[str]) -> dict[str, str]:
	"""Display names of users in one query: first and last name, never the email address."""
	if not users:
		return {}
	names = {}
	for name, first, last in frappe.db.sql(
		"select name, first_name, last_name from `tabUser` where name in %(users)s",
		{"users": tuple(users)},
	):
		full = " ".join(filter(None, [(first or "").strip(), (last or "").strip()]))
		if full and "@" not in full:
			names[name] = full
	return names


def _assignees(value) -> list[str]:
	try:
		users = json.loads(value or "[]")
	except (TypeError, ValueError):
		return []
	return [u for u in users if isinstance(u, str)] if isinstance(users, list) else []


def project_page(customers: tuple[str, ...], name: str | None, page=1) -> dict | None:
	"""Everything the project page shows, or None when the project is not the client's."""
	project = get_project(customers, name)
	if not project:
		return None
	# The project manager: ERPNext 15 has no manager field on Project, so it is whoever the team
	# assigned the Project document to ("Assigned To"); only their names are shown.
	managers = _assignees(project.pop("_assign", None))
	tasks, fullnames = _tasks_and_names(customers, project.name, extra_users=managers)
	project.managers = [fullnames[u] for u in managers if fullnames.get(u)]
	pages = max(1, math.ceil(len(tasks) / PAGE_SIZE))
	page = min(max(cint(page) or 1, 1), pages)
	return {
		"project": project,
		"tasks": tasks[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
		"task_count": len(tasks),
		"page": page,
		"pages": pages,
		"gantt": gantt_payload(tasks),
	}


def gantt_data(customers: tuple[str, ...], name: str | None) -> dict | None:
	"""The Gantt data of a project (for the API), or None when it is not the client's."""
	project = get_project(customers, name)
	if not project:
		return None
	project.pop("_assign", None)
	return gantt_payload(visible_tasks(customers, project.name))


# Gantt ------------------------------------------------------------------------------------------


def gantt_tasks(rows: list[dict]) -> dict:
	"""Shape task rows into frappe-gantt tasks. Pure: no database access.

	Returns {"tasks": [...], "unscheduled": [...], "invalid": [...]}:
	- tasks: {id, name, start, end, progress, dependencies: "a, b", custom_class} for every task
	  with a start and an end date (a milestone may have just one of them);
	- unscheduled: tasks without dates (listed, not drawn);
	- invalid: tasks whose end is before their start (listed with a warning, not drawn).
	Hidden tasks (ralom_portal_visible = 0) are dropped, and so are dependencies on any task that is
	not drawn (hidden, another project's, unscheduled or invalid).
	"""
	visible = [
		r
		for r in rows
		if cint(r.get("ralom_portal_visible", 1)) == 1 or r.get("ralom_portal_visible") is None
	]
	drawn, unscheduled, invalid = [], [], []
	for r in visible:
		start, end = _date(r.get("exp_start_date")), _date(r.get("exp_end_date"))
		if cint(r.get("is_milestone")) and bool(start) != bool(end):
			start = end = start or end
		item = {
			"id": r["name"],
			"name": r.get("subject") or r["name"],
			"progress": _percent(r.get("progress")),
			"status": r.get("status") or "",
			"milestone": bool(cint(r.get("is_milestone"))),
		}
		if not start or not end:
			unscheduled.append(item)
		elif end < start:
			invalid.append({**item, "start": str(start), "end": str(end)})
		else:
			drawn.append((r, {**item, "start": str(start), "end": str(end)}))
	drawn_ids = {t["id"] for _r, t in drawn}
	tasks = []
	for r, t in drawn:
		deps = [d for d in (r.get("depends_on") or []) if d in drawn_ids and d != t["id"]]
		t["dependencies"] = ", ".join(dict.fromkeys(deps))
		t["custom_class"] = _css_class(r)
		tasks.append(t)
	return {"tasks": tasks, "unscheduled": unscheduled, "invalid": invalid}


def gantt_payload(rows: list[dict]) -> dict:
	"""`gantt_tasks` plus what the chart needs to speak the user's language."""
	data = gantt_tasks(rows)
	statuses = {t["status"] for part in data.values() for t in part if t["status"]}
	data["statuses"] = {s: _(s, context="Task status") for s in sorted(statuses)}
	data["language"] = "ro" if (frappe.local.lang or "").startswith("ro") else "en"
	data["labels"] = {
		"Day": _("Day"),
		"Week": _("Week"),
		"Month": _("Month"),
		"Today": _("Today"),
		"Start": _("Start"),
		"End": _("End"),
		"Status": _("Status"),
		"Progress": _("Progress"),
		"Milestone": _("Milestone"),
		"days": _("days"),
	}
	return data


def _css_class(row) -> str:
	# frappe-gantt adds custom_class with classList.add: it must be one token, so one class only.
	if cint(row.get("is_milestone")):
		return "ralom-milestone"
	if cint(row.get("is_group")):
		return "ralom-group"
	status = (row.get("status") or "open").lower().replace(" ", "-")
	return f"ralom-status-{status}" if status.replace("-", "").isalpha() else "ralom-status-open"


def _date(value) -> date | None:
	if not value:
		return None
	try:
		return getdate(value)
	except Exception:
		return None


def _percent(value) -> float:
	return min(max(flt(value, 1), 0.0), 100.0)


def as_script_json(data) -> str:
	"""JSON for a <script type="application/json"> tag: `<`, `>` and `&` are \\u-escaped so no
	value can close the tag (`</script>`) or open a comment; JSON.parse reads it back unchanged."""
	return (
		frappe.as_json(data, indent=None)
		.replace("<", "\\u003c")
		.replace(">", "\\u003e")
		.replace("&", "\\u0026")
		.replace("\u2028", "\\u2028")
		.replace("\u2029", "\\u2029")
	)
