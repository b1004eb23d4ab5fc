"""Web application tests (a package, so that its conftest does not take the place of
tests/conftest.py as the module `conftest` that other test files import helpers from)."""
