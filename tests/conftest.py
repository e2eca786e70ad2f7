from __future__ import annotations

import pytest

from assessment.content import Content, default_content


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()
