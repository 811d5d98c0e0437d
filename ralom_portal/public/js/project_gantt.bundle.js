// Read-only Gantt chart of a portal project (frappe-gantt 1.x).
//
// The data is embedded in the page as <script type="application/json" id="ralom-gantt-data">
// (built by ralom_portal.portal.queries.projects.gantt_payload; the same shape is served by
// ralom_portal.api.projects.gantt). Nothing here can change a task: dates and progress are read-only.
import Gantt from "frappe-gantt";

const VIEW_MODES = ["Day", "Week", "Month"];
const DEFAULT_VIEW_MODE = "Week";

function escapeHtml(value) {
	return String(value ?? "").replace(
		/[&<>"']/g,
		(c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c])
	);
}

function readData() {
	const el = document.getElementById("ralom-gantt-data");
	if (!el) return null;
	try {
		return JSON.parse(el.textContent);
	} catch (e) {
		console.error("ralom-gantt: unreadable data", e);
		return null;
	}
}

function parseDate(value) {
	const [y, m, d] = String(value).split("-").map(Number);
	return new Date(y, m - 1, d);
}

function formatDate(value, language) {
	return new Intl.DateTimeFormat(language === "ro" ? "ro-RO" : "en-GB", {
		day: "numeric",
		month: "long",
		year: "numeric",
	}).format(parseDate(value));
}

function daysBetween(start, end) {
	return Math.round((parseDate(end) - parseDate(start)) / 86400000) + 1;
}

function popupHtml(task, data) {
	const labels = data.labels || {};
	const lang = data.language;
	const status = (data.statuses || {})[task.status] || task.status;
	const days = daysBetween(task.start, task.end);
	const rows = [
		[labels.Start, formatDate(task.start, lang)],
		[labels.End, `${formatDate(task.end, lang)} (${days} ${labels.days || "days"})`],
		[labels.Status, status],
		[labels.Progress, `${Math.round(task.progress)}%`],
	];
	// Everything is escaped: task subjects are user data and the popup is set with innerHTML.
	return `
		<div class="title">${escapeHtml(task.raw_name)}${
		task.milestone ? ` <span class="ralom-gantt-milestone">◆ ${escapeHtml(labels.Milestone)}</span>` : ""
	}</div>
		<div class="details"><dl class="ralom-gantt-popup">${rows
			.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
			.join("")}</dl></div>`;
}

function setActive(toolbar, mode) {
	toolbar.querySelectorAll("[data-view-mode]").forEach((button) => {
		const active = button.dataset.viewMode === mode;
		button.classList.toggle("active", active);
		button.setAttribute("aria-pressed", active ? "true" : "false");
	});
}

function init() {
	const container = document.getElementById("ralom-gantt");
	const data = readData();
	if (!container || !data || !Array.isArray(data.tasks) || !data.tasks.length) return;

	const tasks = data.tasks.map((t) => ({
		id: t.id,
		// frappe-gantt writes the label with innerHTML: escape it.
		name: escapeHtml(t.name),
		raw_name: t.name,
		start: t.start,
		end: t.end,
		progress: t.progress,
		dependencies: t.dependencies,
		custom_class: t.custom_class,
		status: t.status,
		milestone: t.milestone,
	}));

	// Open on the project's own span (its first task), not on today: a project that starts next month
	// or ended last year would otherwise open on empty rows.
	const firstStart =
		tasks
			.map((t) => t.start)
			.filter(Boolean)
			.sort()[0] || "start";
	const gantt = new Gantt(container, tasks, {
		language: data.language === "ro" ? "ro" : "en",
		view_modes: VIEW_MODES,
		view_mode: DEFAULT_VIEW_MODE,
		readonly: true,
		readonly_dates: true,
		readonly_progress: true,
		move_dependencies: false,
		today_button: false, // our own, translated button below
		view_mode_select: false,
		scroll_to: firstStart,
		infinite_padding: false,
		popup_on: "click",
		popup: (ctx) => popupHtml(ctx.task, data),
		container_height: "auto",
		bar_height: 26,
		padding: 16,
	});
	// `view_modes` sets the first one as default: switch to the one we want.
	gantt.change_view_mode(DEFAULT_VIEW_MODE);
	window.ralomGantt = gantt;

	const toolbar = document.querySelector(".ralom-gantt-toolbar");
	if (toolbar) {
		setActive(toolbar, DEFAULT_VIEW_MODE);
		toolbar.addEventListener("click", (event) => {
			const button = event.target.closest("[data-view-mode]");
			if (button) {
				gantt.change_view_mode(button.dataset.viewMode);
				gantt.set_scroll_position(firstStart);
				setActive(toolbar, button.dataset.viewMode);
				container.dataset.currentView = button.dataset.viewMode;
				return;
			}
			if (event.target.closest("[data-gantt-today]")) gantt.scroll_current();
		});
	}
	container.dataset.currentView = DEFAULT_VIEW_MODE;
	// The chart scrolls sideways: keyboard users reach it (arrow keys scroll it) and hear what it is.
	const scroller = container.querySelector(".gantt-container");
	if (scroller) {
		scroller.tabIndex = 0;
		scroller.setAttribute("role", "region");
		scroller.setAttribute("aria-label", container.dataset.label || "Gantt");
	}
	container.dataset.ready = "1";
}

if (document.readyState === "loading") {
	document.addEventListener("DOMContentLoaded", init);
} else {
	init();
}
