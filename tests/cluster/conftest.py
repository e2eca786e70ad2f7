"""The browser tests' Chromium, shared with the cluster tests."""

from tests.e2e.conftest import browser

__all__ = ["browser"]
