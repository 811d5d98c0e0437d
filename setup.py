# Thin shim so tooling that predates PEP 517 can still install the app; pyproject.toml is the source of truth.
from setuptools import setup

setup()
