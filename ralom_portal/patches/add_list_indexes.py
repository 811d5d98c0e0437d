"""The list queries' indexes (setup/indexes.py), for sites installed before they existed."""

from ralom_portal.setup import indexes


def execute():
	indexes.ensure()
