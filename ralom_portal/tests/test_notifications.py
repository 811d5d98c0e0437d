"""The bell: the last 30 days of portal events for the client's companies (never another client's),
marked read one by one or all at once, in one query whatever the data."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from ralom_portal.api import notifications as api
from ralom_portal.portal.queries import notifications
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.queries import count_queries
from ralom_portal.tests.worlds import fresh, module_world, refs
from ralom_portal.utils.mail import in_language

REFUSED = "These notifications cannot be marked as read."


@pytest.fixture
def events_world(request):
	"""Built once for the tests of this module that use it (tests/worlds.py); each rolls back its writes."""
	return module_world(request, _build_events)


@pytest.fixture
def events(events_world):
	return fresh(events_world)


def _build_events():
	from ralom_portal.tests import factories

	a, ua = factories.client()
	b, ub = factories.client()
	item = factories.item().name
	offer = factories.quotation(a.name)
	old_offer = factories.quotation(a.name, transaction_date=add_days(nowdate(), -45))
	invoice = factories.sales_invoice(a.name, [(item, 1, 100)])
	shipment = factories.shipment(a.name, "Shipped")
	ticket = factories.ticket(a.name, ua.name)
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	conversation.staff_reply(ticket.name, "Am verificat.")
	conversation.append_message(ticket.name, "Notă internă", author="Administrator", internal=True)
	shared = factories.file("Customer", a.name, "Catalog 2027.pdf", shared=True)
	factories.file("Customer", a.name, "Evaluare internă.pdf")  # not shared
	foreign = factories.quotation(b.name)
	return refs(
		a=a,
		ua=ua,
		b=b,
		ub=ub,
		offer=offer,
		old_offer=old_offer,
		invoice=invoice,
		shipment=shipment,
		ticket=ticket,
		shared=shared,
		foreign=foreign,
	)


def _bell(e, user=None):
	return notifications.recent((e.a.name,), user or e.ua.name)


def test_the_bell_lists_every_kind_of_event_of_the_last_30_days_and_nothing_else(events):
	e = events
	bell = _bell(e)
	seen = {(i.kind, i.name) for i in bell["items"]}
	assert ("offer", e.offer.name) in seen and ("invoice", e.invoice.name) in seen
	assert ("shipment", e.shipment.name) in seen and ("reply", e.ticket.name) in seen
	assert ("file", e.shared.name) in seen
	assert ("offer", e.old_offer.name) not in seen  # older than 30 days
	assert ("offer", e.foreign.name) not in seen
	assert not any(i.label == "Evaluare internă.pdf" for i in bell["items"])
	replies = [i for i in bell["items"] if i.kind == "reply"]
	assert len(replies) == 1  # the internal note is not an event
	assert bell["unread"] == bell["total"] == len(bell["items"])
	assert all(not i.is_read for i in bell["items"])
	ats = [i.at for i in bell["items"]]
	assert ats == sorted(ats, reverse=True)


def test_opening_one_marks_it_read_once(events):
	e = events
	key = f"invoice:{e.invoice.name}"
	as_user(e.ua.name)
	assert api.mark_read(json.dumps([key])) == {"marked": 1}
	assert api.mark_read(json.dumps([key, key])) == {"marked": 0}
	as_user("Administrator")
	bell = _bell(e)
	assert {i.event_key: i.is_read for i in bell["items"]}[key] is True
	assert bell["unread"] == bell["total"] - 1
	# Read is per user: a colleague of the same company still sees it unread.
	assert _bell(e, "colleague@example.com")["unread"] == bell["total"]


def test_foreign_unknown_or_malformed_keys_are_refused_and_nothing_is_written(events):
	e = events
	before = frappe.db.count("Portal Notification Read")
	as_user(e.ua.name)
	try:
		for keys in (
			json.dumps([f"offer:{e.foreign.name}"]),
			json.dumps([f"offer:{e.old_offer.name}"]),
			json.dumps([f"invoice:{e.invoice.name}", "offer:NU-EXISTA"]),
			json.dumps([]),
			json.dumps(["x"] * 51),
			"{not json",
			json.dumps([{"key": 1}]),
		):
			with pytest.raises(frappe.ValidationError) as error:
				api.mark_read(keys)
			assert REFUSED in str(error.value)
	finally:
		as_user("Administrator")
	assert frappe.db.count("Portal Notification Read") == before


def test_mark_all_read_and_staff_are_refused(events):
	e = events
	as_user(e.ua.name)
	assert api.mark_all_read()["marked"] == _bell(e)["total"]
	as_user("Administrator")
	assert _bell(e)["unread"] == 0
	# Staff (desk users) have no bell.
	with pytest.raises(frappe.PermissionError):
		api.mark_all_read()


def test_the_bell_is_one_query_whatever_the_data(factories):
	few, fu = factories.client()
	many, mu = factories.client()
	for customer, n in ((few, 1), (many, 6)):
		for _i in range(n):
			factories.quotation(customer.name)
	assert len(notifications.recent((many.name,), mu.name)["items"]) == 6
	assert count_queries(lambda: notifications.recent((few.name,), fu.name)) == 1
	assert count_queries(lambda: notifications.recent((many.name,), mu.name)) == 1


def test_pages_carry_the_unread_count_and_the_list_comes_when_the_bell_opens(events):
	from ralom_portal.tests.test_dashboard import _page

	unread = _bell(events)["unread"]
	assert notifications.unread_count((events.a.name,), events.ua.name) == unread
	html = _page("/portal/offers", events.ua.name)
	assert 'class="ralom-bell"' in html and f'data-unread="{unread}"' in html
	# No record of the bell's list is in the page itself (it is fetched when the bell opens).
	assert events.invoice.name not in html.split('class="ralom-bell"')[1].split("</details>")[0]
	as_user(events.ua.name)
	try:
		with in_language("ro"):
			listed = api.recent()
	finally:
		as_user("Administrator")
	assert listed["unread"] == unread
	texts = [i["text"] for i in listed["items"]]
	assert f"Factura {events.invoice.name} a fost emisă" in texts
	assert all(set(i) == {"key", "kind", "text", "route", "date", "read"} for i in listed["items"])


def test_the_bell_counts_in_one_query(events):
	assert count_queries(lambda: notifications.unread_count((events.a.name,), events.ua.name)) == 1


# e-mail preferences and the daily digest -----------------------------------------------------------

PREFS_REFUSED = "Unknown notification type."


def _queued_to(user: str) -> int:
	return frappe.db.sql(
		"""select count(*) from `tabEmail Queue` q join `tabEmail Queue Recipient` r on r.parent = q.name
		where r.recipient = %s""",
		user,
	)[0][0]


def test_a_user_saves_their_own_preferences_and_bad_values_change_nothing(events):
	from ralom_portal.portal import preferences

	e = events
	assert preferences.get(e.ua.name) == {"frequency": "Immediately", "events": list(preferences.EVENTS)}
	as_user(e.ua.name)
	try:
		saved = api.save_preferences("Daily digest", json.dumps(["invoice", "reply"]))
		assert saved == {"frequency": "Daily digest", "events": ["invoice", "reply"]}
		for frequency, kinds, extra, message in (
			("Hourly", json.dumps(["invoice"]), {}, "Choose how often you want e-mails."),
			("Never", json.dumps(["invoice", "spam"]), {}, PREFS_REFUSED),
			("Never", "{not json", {}, PREFS_REFUSED),
			("Never", json.dumps(["invoice"]), {"user": e.ub.name}, "Only your own preferences"),
		):
			with pytest.raises(frappe.ValidationError) as error:
				api.save_preferences(frequency, kinds, **extra)
			assert message in str(error.value)
	finally:
		as_user("Administrator")
	assert preferences.get(e.ua.name) == {"frequency": "Daily digest", "events": ["invoice", "reply"]}
	assert preferences.get(e.ub.name)["frequency"] == "Immediately"
	# Nothing chosen is a choice too: no event at all, not "every event".
	as_user(e.ua.name)
	api.save_preferences("Daily digest", json.dumps([]))
	as_user("Administrator")
	assert preferences.get(e.ua.name)["events"] == []


def test_the_digest_sends_yesterdays_chosen_events_once_and_nothing_when_there_are_none(events, factories):
	from ralom_portal.portal import preferences

	e = events
	preferences.save(e.ua.name, "Daily digest", ["invoice", "shipment"])
	before = _queued_to(e.ua.name)
	assert preferences.send_digest(e.ua.name) is True
	assert _queued_to(e.ua.name) == before + 1
	message = frappe.db.sql(
		"""select q.message from `tabEmail Queue` q join `tabEmail Queue Recipient` r on r.parent = q.name
		where r.recipient = %s order by q.creation desc limit 1""",
		e.ua.name,
	)[0][0]
	import quopri

	text = quopri.decodestring(message).decode("utf-8", "ignore")
	assert e.invoice.name in text and e.shipment.name in text and e.offer.name not in text
	# A user whose company had no event in the last day gets no e-mail.
	quiet, quiet_user = factories.client()
	preferences.save(quiet_user.name, "Daily digest", list(preferences.EVENTS))
	assert preferences.send_digest(quiet_user.name) is False
	assert _queued_to(quiet_user.name) == 0


def test_digest_users_get_no_immediate_reply_e_mail(events):
	from ralom_portal.portal import preferences
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	e = events
	preferences.save(e.ua.name, "Daily digest", list(preferences.EVENTS))
	before = _queued_to(e.ua.name)
	conversation.staff_reply(e.ticket.name, "Încă un răspuns.")
	assert _queued_to(e.ua.name) == before
	preferences.save(e.ua.name, "Immediately", ["reply"])
	conversation.staff_reply(e.ticket.name, "Și încă unul.")
	assert _queued_to(e.ua.name) == before + 1
