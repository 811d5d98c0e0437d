"""Who on the staff is told about a new quote request or ticket (utils/notify.staff_recipients): the
addresses set in Client Portal Settings, else the enabled desk users of the team's role."""

import frappe

from ralom_portal.ralom_portal.doctype.quote_request.notifications import sales_recipients
from ralom_portal.ralom_portal.doctype.support_ticket.notifications import support_recipients
from ralom_portal.tests import factories
from ralom_portal.utils.notify import staff_recipients

SETTINGS = "Client Portal Settings"


def test_the_settings_list_is_split_on_commas_semicolons_and_lines_cleaned_and_deduplicated():
	frappe.db.set_single_value(
		SETTINGS, "ticket_recipients", " Help@Ralom.ro; ops@ralom.ro\nnot-an-address,help@ralom.ro,, "
	)
	assert staff_recipients("ticket_recipients", "Support Team") == ["help@ralom.ro", "ops@ralom.ro"]
	assert support_recipients() == ["help@ralom.ro", "ops@ralom.ro"]


def test_without_addresses_the_enabled_desk_users_of_the_role_are_told():
	frappe.db.set_single_value(SETTINGS, "quote_request_recipients", "")
	manager = factories.staff_user(("Sales Manager",))
	disabled = factories.staff_user(("Sales Manager",))
	disabled.db_set("enabled", 0)
	other_team = factories.staff_user(("Support Team",))
	recipients = sales_recipients()
	assert manager.name in recipients
	assert disabled.name not in recipients
	assert other_team.name not in recipients
	assert "Administrator" not in recipients
	assert recipients == staff_recipients("quote_request_recipients", "Sales Manager")
