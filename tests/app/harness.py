"""Opening the app in Streamlit's AppTest as a user would, and reading its real downloads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest, app_test

from assessment.answers import AnswerValue

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def app(answers: dict[str, AnswerValue] | None = None, lang: str = "nl") -> AppTest:
    """The app on its start page, in ``lang``, with ``answers`` already given."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = lang
    if answers is not None:
        at.session_state["answers"] = dict(answers)
    return at.run()


def page(script: str, lang: str | None = None, **query: str) -> AppTest:
    """The app opened with ``query`` in the address, then on ``script`` (as a link would)."""
    at = AppTest.from_file(APP, default_timeout=30)
    if lang:
        at.session_state["lang"] = lang
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    return at.switch_page(script).run()


def click(at: AppTest, label: str) -> AppTest:
    """Click the button with this label (as a user finds it) and run."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}: {[b.label for b in at.button]}"
    return matches[0].click().run()


def choose(at: AppTest, label: str, value: object) -> AppTest:
    """Choose ``value`` in the select box with this label and run."""
    matches = [s for s in at.selectbox if s.label == label]
    assert matches, f"no select box {label!r}: {[s.label for s in at.selectbox]}"
    return matches[0].set_value(value).run()


def engine() -> Engine:
    """The database the app under test uses (an SQLite file in a temporary folder)."""
    from assessment.settings import get_settings
    from assessment.storage import make_engine

    return make_engine(get_settings().database)


class Downloads:
    """What a download button serves, read from Streamlit's own media store as a browser would
    fetch it: stored data as stored, a deferred (on-click) download by running it."""

    def __init__(self) -> None:
        self.managers: list[MediaFileManager] = []

    def content(self, at: AppTest, label: str) -> bytes:
        buttons = [b for b in at.get("download_button") if b.proto.label == label]
        assert buttons, f"no download button {label!r} on the page"
        proto: Any = buttons[0].proto
        manager = self.managers[-1]  # the store of the last run
        url = (
            manager.execute_deferred(proto.deferred_file_id)
            if proto.deferred_file_id
            else proto.url
        )
        file_id = url.rsplit("/", 1)[-1].split(".")[0]
        return bytes(manager.read_file(file_id).content)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Downloads]:
    """Keeps each AppTest run's media store (AppTest drops it after the run)."""
    seen = Downloads()

    class Kept(MediaFileManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            seen.managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Kept)
    yield seen
