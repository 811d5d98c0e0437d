"""Projects (issue 7): list, project page with task list and Gantt data, and the Gantt API."""

import json
import re

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from ralom_portal.demo import builders
from ralom_portal.portal.queries import projects as q
from ralom_portal.tests.queries import count_queries

# Gantt data shaping: gantt_tasks is pure ----------------------------------------------------------


def _row(name, start="2026-03-02", end="2026-03-06", **kw):
	return {
		"name": name,
		"subject": kw.pop("subject", f"Subject {name}"),
		"status": kw.pop("status", "Open"),
		"progress": kw.pop("progress", 0),
		"exp_start_date": start,
		"exp_end_date": end,
		"is_milestone": kw.pop("is_milestone", 0),
		"is_group": kw.pop("is_group", 0),
		"depends_on": kw.pop("depends_on", []),
		**kw,
	}


def test_gantt_task_carries_dates_progress_dependencies_and_one_css_class():
	data = q.gantt_tasks(
		[
			_row("T1", progress=100, status="Completed"),
			_row("T2", "2026-03-09", "2026-03-13", progress=42.5, depends_on=["T1"]),
			_row("T3", "2026-03-16", "2026-03-16", is_milestone=1, depends_on=["T1", "T2"]),
		]
	)
	by_id = {t["id"]: t for t in data["tasks"]}
	assert list(by_id) == ["T1", "T2", "T3"]
	assert by_id["T2"]["start"] == "2026-03-09" and by_id["T2"]["end"] == "2026-03-13"
	assert by_id["T2"]["progress"] == 42.5
	assert by_id["T2"]["dependencies"] == "T1"
	assert by_id["T3"]["dependencies"] == "T1, T2"
	assert by_id["T1"]["custom_class"] == "ralom-status-completed"
	assert by_id["T3"]["custom_class"] == "ralom-milestone"
	for t in data["tasks"]:
		assert " " not in t["custom_class"]  # frappe-gantt adds it with classList.add
		assert set(t) >= {"id", "name", "start", "end", "progress", "dependencies", "custom_class"}
	assert data["unscheduled"] == [] and data["invalid"] == []


def test_gantt_accepts_date_objects_and_clamps_progress():
	data = q.gantt_tasks([_row("T1", getdate("2026-01-05"), getdate("2026-01-09"), progress=140)])
	assert data["tasks"][0]["start"] == "2026-01-05" and data["tasks"][0]["progress"] == 100


def test_task_without_dates_is_listed_as_unscheduled_and_not_drawn():
	data = q.gantt_tasks([_row("T1"), _row("T2", None, None), _row("T3", "2026-03-02", None)])
	assert [t["id"] for t in data["tasks"]] == ["T1"]
	assert [t["id"] for t in data["unscheduled"]] == ["T2", "T3"]


def test_milestone_with_a_single_date_is_drawn_on_that_day():
	data = q.gantt_tasks([_row("M", None, "2026-04-01", is_milestone=1)])
	assert data["tasks"][0]["start"] == data["tasks"][0]["end"] == "2026-04-01"


def test_task_ending_before_it_starts_is_listed_with_a_warning_and_not_drawn():
	data = q.gantt_tasks(
		[_row("T1"), _row("BAD", "2026-03-10", "2026-03-01"), _row("T2", depends_on=["BAD"])]
	)
	assert [t["id"] for t in data["tasks"]] == ["T1", "T2"]
	assert data["invalid"] == [
		{**data["invalid"][0], "id": "BAD", "start": "2026-03-10", "end": "2026-03-01"}
	]
	assert data["tasks"][1]["dependencies"] == ""


def test_hidden_task_is_excluded_from_gantt_data():
	data = q.gantt_tasks([_row("T1"), _row("H", subject="Secret", ralom_portal_visible=0)])
	assert [t["id"] for t in data["tasks"]] == ["T1"]
	assert "Secret" not in json.dumps(data) and '"H"' not in json.dumps(data)


def test_dependency_on_a_task_outside_the_visible_set_is_dropped():
	data = q.gantt_tasks(
		[_row("T1"), _row("T2", depends_on=["T1", "HIDDEN-1", "OTHER-PROJECT-9"]), _row("U", None, None)]
		+ [_row("T3", depends_on=["U"])]
	)
	deps = {t["id"]: t["dependencies"] for t in data["tasks"]}
	assert deps == {"T1": "", "T2": "T1", "T3": ""}


def test_script_json_cannot_close_its_script_tag():
	text = q.as_script_json({"name": "</script><script>alert(1)</script> & <!--"})
	assert "</" not in text and "<" not in text and ">" not in text
	assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


# On-schedule rule --------------------------------------------------------------------------------


def _project(status="Open", start=-10, end=10, progress=50):
	today = getdate(nowdate())
	return {
		"status": status,
		"expected_start_date": add_days(today, start) if start is not None else None,
		"expected_end_date": add_days(today, end) if end is not None else None,
		"percent_complete": progress,
	}


def test_open_project_past_its_end_and_incomplete_is_late():
	assert q.schedule(_project(start=-30, end=-1, progress=90)) == "late"


def test_open_project_whose_elapsed_time_exceeds_progress_by_over_20_points_is_behind():
	# 75 % of the time elapsed, 50 % done: 25 points behind.
	assert q.schedule(_project(start=-30, end=10, progress=50)) == "behind"


def test_open_project_within_20_points_is_on_schedule():
	assert q.schedule(_project(start=-10, end=10, progress=35)) == "on-schedule"
	assert q.schedule(_project(start=5, end=30, progress=0)) == "on-schedule"


def test_closed_projects_and_projects_without_end_get_no_indicator():
	assert q.schedule(_project(status="Completed", start=-30, end=-1, progress=100)) is None
	assert q.schedule(_project(status="Cancelled", start=-30, end=-1, progress=10)) is None
	assert q.schedule(_project(end=None)) is None


# Through the queries (in-process, rolled back) ---------------------------------------------------


def _client_with_project(factories, tasks=3):
	customer, user = factories.client()
	project, created = factories.project(customer.name, tasks=tasks)
	return customer, user, project, created


def test_project_list_shows_every_status_and_filters_by_allowed_status(factories):
	customer, _u, project, _t = _client_with_project(factories, tasks=0)
	done = builders.make_project(customer.name, factories.unique("Gata"), status="Completed")
	other_customer, _ = factories.client()
	foreign, _ = factories.project(other_customer.name, tasks=0)
	names = [p.name for p in q.project_list((customer.name,))]
	assert set(names) == {project.name, done.name}
	assert [p.name for p in q.project_list((customer.name,), "Completed")] == [done.name]
	# An unknown status is no filter at all, never part of the query.
	assert {p.name for p in q.project_list((customer.name,), "Open' or 1=1 --")} == {project.name, done.name}
	assert foreign.name not in names


def test_project_page_hides_hidden_tasks_and_dependencies_on_them(factories):
	customer, _u, project, created = _client_with_project(factories)
	hidden = builders.make_task(
		project.name, "Calcul marjă secret", start=nowdate(), end=nowdate(), visible=False
	)
	after = builders.make_task(
		project.name,
		"Depends on hidden",
		start=nowdate(),
		end=nowdate(),
		depends_on=[hidden.name, created[0].name],
	)
	data = q.project_page((customer.name,), project.name)
	names = [t.name for t in data["tasks"]]
	assert hidden.name not in names and after.name in names
	assert "Calcul marjă secret" not in json.dumps(data, default=str)
	assert hidden.name not in json.dumps(data, default=str)
	gantt = {t["id"]: t for t in data["gantt"]["tasks"]}
	assert gantt[after.name]["dependencies"] == created[0].name
	assert gantt[created[1].name]["dependencies"] == created[0].name


def test_project_page_returns_nothing_for_another_clients_or_missing_project(factories):
	customer, _u, _p, _t = _client_with_project(factories)
	other, _ou, foreign, _ft = _client_with_project(factories)
	assert q.project_page((customer.name,), foreign.name) is None
	assert q.project_page((customer.name,), "PROJ-DOES-NOT-EXIST") is None
	assert q.project_page((), foreign.name) is None


def test_tasks_are_nested_under_their_parent_with_depth(factories):
	customer, _u, project, created = _client_with_project(factories, tasks=1)
	group = builders.make_task(
		project.name, "Etapa 1", start=add_days(nowdate(), 5), end=add_days(nowdate(), 9), is_group=True
	)
	child = builders.make_task(
		project.name,
		"Sub-task",
		start=add_days(nowdate(), 6),
		end=add_days(nowdate(), 7),
		parent_task=group.name,
	)
	hidden_parent = builders.make_task(project.name, "Ascuns", is_group=True, visible=False)
	orphan = builders.make_task(project.name, "Orphan", parent_task=hidden_parent.name)
	rows = q.visible_tasks((customer.name,), project.name)
	order = [(r.name, r.depth) for r in rows]
	assert order.index((group.name, 0)) + 1 == order.index((child.name, 1))
	assert (orphan.name, 0) in order
	assert all(r.get("parent_task") != hidden_parent.name or r.depth == 0 for r in rows)
	gantt = q.gantt_tasks(rows)
	assert {t["id"]: t["custom_class"] for t in gantt["tasks"]}[group.name] == "ralom-group"
	assert orphan.name in [t["id"] for t in gantt["unscheduled"]]


def test_assignees_and_project_manager_are_shown_by_name_never_by_email(factories):
	customer, _u, project, created = _client_with_project(factories, tasks=2)
	staff = factories.staff_user()
	frappe.db.set_value("User", staff.name, {"first_name": "Maria", "last_name": "Pop"})
	frappe.db.set_value("Task", created[0].name, "_assign", json.dumps([staff.name]))
	frappe.db.set_value("Project", project.name, "_assign", json.dumps([staff.name]))
	data = q.project_page((customer.name,), project.name)
	task = next(t for t in data["tasks"] if t.name == created[0].name)
	assert task.assignees == ["Maria Pop"]
	assert data["project"].managers == ["Maria Pop"]
	assert staff.name not in json.dumps(data, default=str)


def test_task_list_is_paginated_and_the_page_is_clamped(factories):
	customer, _u, project, _created = _client_with_project(factories, tasks=0)
	for i in range(q.PAGE_SIZE + 3):
		builders.make_task(project.name, f"T{i:03}", start=add_days(nowdate(), i), end=add_days(nowdate(), i))
	first = q.project_page((customer.name,), project.name, 1)
	assert (
		first["pages"] == 2 and len(first["tasks"]) == q.PAGE_SIZE and first["task_count"] == q.PAGE_SIZE + 3
	)
	assert len(first["gantt"]["tasks"]) == q.PAGE_SIZE + 3  # the chart shows every task
	assert len(q.project_page((customer.name,), project.name, 2)["tasks"]) == 3
	assert q.project_page((customer.name,), project.name, 99)["page"] == 2
	assert q.project_page((customer.name,), project.name, "-4")["page"] == 1
	assert q.project_page((customer.name,), project.name, "abc")["page"] == 1


def test_project_page_query_count_does_not_grow_with_the_number_of_tasks(factories):
	staff = factories.staff_user()
	counts = []
	for n in (5, 50):
		customer, _u, project, created = _client_with_project(factories, tasks=n)
		for t in created:
			frappe.db.set_value("Task", t.name, "_assign", json.dumps([staff.name]))
		counts.append(count_queries(lambda: q.project_page((customer.name,), project.name)))
	assert counts[0] == counts[1], counts
	assert counts[0] <= 4


# The API, in-process ------------------------------------------------------------------------------


def test_api_gantt_returns_the_clients_own_project(factories):
	from ralom_portal.api import projects as api

	customer, user, project, created = _client_with_project(factories)
	frappe.set_user(user.name)
	data = api.gantt(project.name)
	assert [t["id"] for t in data["tasks"]] == [t.name for t in created]
	assert data["language"] in ("ro", "en") and data["labels"]["Month"]


def test_api_gantt_raises_the_same_permission_error_for_foreign_and_missing_projects(factories):
	from ralom_portal.api import projects as api

	_c, user, _p, _t = _client_with_project(factories)
	_oc, _ou, foreign, _ft = _client_with_project(factories)
	frappe.set_user(user.name)
	errors = []
	for name in (foreign.name, "PROJ-DOES-NOT-EXIST", None):
		with pytest.raises(frappe.PermissionError) as exc:
			api.gantt(name)
		errors.append(str(exc.value))
	assert len(set(errors)) == 1


def test_api_gantt_never_returns_costs_or_internal_fields(factories):
	from ralom_portal.api import projects as api

	customer, user, project, created = _client_with_project(factories)
	frappe.db.set_value(
		"Task", created[0].name, {"total_costing_amount": 123456, "total_billing_amount": 654321}
	)
	frappe.set_user(user.name)
	text = json.dumps(api.gantt(project.name), default=str)
	assert "123456" not in text and "654321" not in text and "costing" not in text and "billing" not in text


# Over HTTP, as demo clients (committed demo data) --------------------------------------------------


def _demo_projects():
	from ralom_portal.demo.dataset import CLIENTS

	out = {}
	for c in CLIENTS:
		out[c["name"]] = {
			"running": frappe.db.get_value("Project", {"customer": c["name"], "project_name": c["project"]}),
			"all": frappe.get_all("Project", {"customer": c["name"]}, pluck="name"),
		}
	return out


def _task_subjects(project):
	return frappe.get_all("Task", {"project": project}, ["name", "subject", "ralom_portal_visible"])


HIDDEN_SUBJECT = "Calcul marjă internă și costuri"


def test_projects_list_over_http_shows_only_the_clients_projects(server, demo_logins):
	logins, password = demo_logins
	demo = _demo_projects()
	customers = list(logins)
	mine, other = customers[0], customers[1]
	client = server.client(logins[mine][0], password)
	r = client.get("/portal/projects")
	assert r.status_code == 200
	for name in demo[mine]["all"]:
		assert f'data-project="{name}"' in r.text
	for name in demo[other]["all"]:
		assert name not in r.text
	completed = client.get("/portal/projects?status=Completed")
	rows = re.findall(r'data-project="([^"]+)"', completed.text)
	assert rows and set(rows) < set(demo[mine]["all"])
	assert demo[mine]["running"] not in rows
	bogus = client.get("/portal/projects?status=Bogus%27%20or%201%3D1")
	assert set(re.findall(r'data-project="([^"]+)"', bogus.text)) == set(demo[mine]["all"])


def test_project_page_over_http_shows_tasks_gantt_data_and_hides_the_hidden_task(server, demo_logins):
	logins, password = demo_logins
	demo = _demo_projects()
	mine = list(logins)[0]
	running = demo[mine]["running"]
	client = server.client(logins[mine][0], password)
	r = client.get(f"/portal/projects/{running}")
	assert r.status_code == 200
	assert 'id="ralom-gantt-data"' in r.text and "project_gantt.bundle" in r.text
	m = re.search(r'<script type="application/json" id="ralom-gantt-data">(.*?)</script>', r.text, re.S)
	data = json.loads(m.group(1))
	tasks = _task_subjects(running)
	visible = {t.name for t in tasks if t.ralom_portal_visible}
	hidden = {t.name for t in tasks if not t.ralom_portal_visible}
	assert {t["id"] for t in data["tasks"]} == visible
	assert HIDDEN_SUBJECT not in r.text
	for name in hidden:
		assert name not in r.text
	assert "@" not in re.sub(r"<(script|link|meta|a)\b[^>]*>", "", r.text.split('class="ralom-content"')[1])


def test_project_of_another_client_is_403_like_a_missing_one_over_http(server, demo_logins):
	logins, password = demo_logins
	demo = _demo_projects()
	mine, other = list(logins)[0], list(logins)[1]
	client = server.client(logins[mine][0], password)
	foreign = client.get(f"/portal/projects/{demo[other]['running']}")
	missing = client.get("/portal/projects/PROJ-DOES-NOT-EXIST")
	assert foreign.status_code == missing.status_code == 403
	for t in _task_subjects(demo[other]["running"]):
		assert t.name not in foreign.text and t.subject not in foreign.text
	api_foreign = client.get(
		"/api/method/ralom_portal.api.projects.gantt", params={"project": demo[other]["running"]}
	)
	api_missing = client.get(
		"/api/method/ralom_portal.api.projects.gantt", params={"project": "PROJ-DOES-NOT-EXIST"}
	)
	assert api_foreign.status_code == api_missing.status_code == 403
	for t in _task_subjects(demo[other]["running"]):
		assert t.name not in api_foreign.text


def test_gantt_api_over_http_returns_own_visible_tasks_only(server, demo_logins):
	logins, password = demo_logins
	demo = _demo_projects()
	mine = list(logins)[0]
	running = demo[mine]["running"]
	client = server.client(logins[mine][0], password)
	r = client.get("/api/method/ralom_portal.api.projects.gantt", params={"project": running})
	assert r.status_code == 200, r.text[:300]
	data = r.json()["message"]
	visible = {t.name for t in _task_subjects(running) if t.ralom_portal_visible}
	assert {t["id"] for t in data["tasks"]} == visible
	assert HIDDEN_SUBJECT not in r.text


def test_guest_is_sent_to_login_from_projects(server):
	# requests' Session.get sets allow_redirects=True itself, so ask for the raw answer explicitly.
	r = server.client().get("/portal/projects", allow_redirects=False)
	assert r.status_code in (301, 302, 303, 307) and "/login" in r.headers["Location"]
