from __future__ import annotations

import os
import tempfile

import pytest

# The app's database for AppTests: a fresh SQLite file, never the repository's data/ folder.
os.environ.setdefault("SBSMI_DATA_DIR", tempfile.mkdtemp(prefix="sbsmi-test-data-"))

from assessment.content import Content, default_content


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()
