"""A small room through the real server: make load's own code, at a size CI can carry.

Phones speak Streamlit's websocket protocol to one app process (``make run``'s command), the
board is open in Chromium, and every answer is read back from the database afterwards. The
full table (50 to 400 phones, SQLite and PostgreSQL) is ``make load``; its figures are in the
README.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import RoomResult, run_room
from tests.e2e.conftest import _need_chromium
from tests.workshop.conftest import need_postgresql

pytestmark = pytest.mark.e2e


def _nothing_lost(r: RoomResult | None, people: int) -> RoomResult:
    assert r is not None
    assert r.phone_errors == [] and r.server_errors == 0 and r.locked == 0, r
    assert r.joined == people and r.join_failed == 0
    assert r.finished == people, "every phone answered everything and pressed Finish"
    assert r.missing == 0 and r.duplicated == 0
    assert r.refused == 0  # this small room never needs to tell anyone "not saved"
    assert r.acknowledged == r.answers_sent == people * 59
    assert r.stored == r.acknowledged
    assert r.board_seen == r.stored, "the board in Chromium ends showing every answer"
    return r


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_a_small_room_loses_nothing(db: str, tmp_path: Path) -> None:
    _need_chromium()
    if db == "postgresql":
        need_postgresql()
    r = run_room(db, 12, (0.05, 0.4), 150, True, None, tmp_path)
    _nothing_lost(r, 12)


def test_a_server_restart_mid_room_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    """The server is killed (SIGKILL) while phones answer; it starts again, the phones come
    back with their private link, finish, and every answer they were shown as saved is there."""
    _need_chromium()
    r = run_room("sqlite", 8, (0.05, 0.4), 180, False, 6.0, tmp_path)
    assert r is not None and r.restarts == 1
    assert r.missing == 0 and r.duplicated == 0
    assert r.finished == 8 and r.phone_errors == [], r
    assert r.stored >= r.acknowledged == 8 * 59
