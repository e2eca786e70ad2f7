"""Figures as each language writes them (assessment/formats.py, Babel)."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment import formats


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [(62.5, "62,5%", "62.5%"), (75, "75%", "75%"), (100, "100%", "100%"), (0, "0%", "0%"),
     (58.333, "58,3%", "58.3%"), (41.667, "41,7%", "41.7%"), (62.25, "62,3%", "62.3%"),
     (74.96, "74,9%", "74.9%"), (99.97, "99,9%", "99.9%"), (None, "–", "–")],
)  # fmt: skip
def test_one_percentage_format_never_rounded_up_to_a_whole_number(
    value: float | None, nl: str, en: str
) -> None:
    assert formats.percent(value, "nl") == nl
    assert formats.percent(value, "en") == en


def test_the_index_always_has_two_decimals() -> None:
    assert formats.index(2.5, "nl") == "2,50"
    assert formats.index(3, "en") == "3.00"
    assert formats.index(6, "nl") == "6,00"


def test_numbers_drop_trailing_zeros_and_group_thousands() -> None:
    assert formats.number(1.2, "nl", 1) == "1,2"
    assert formats.number(3.0, "nl", 2) == "3"
    assert formats.number(1234.5, "nl", 1) == "1.234,5"
    assert formats.number(1234.5, "en", 1) == "1,234.5"


def test_dates_and_times() -> None:
    day = dt.date(2026, 11, 29)
    assert formats.date(day, "nl") == "29 november 2026"
    assert formats.date(day, "en") == "29 November 2026"
    assert formats.date(dt.date(2027, 2, 1), "nl", short=True) == "1 feb 2027"
    assert formats.time(dt.time(18, 3, 4), "nl") == "18:03:04"
    assert formats.time(dt.time(18, 3, 4), "en") == "18:03:04"  # a 24-hour clock in en_GB


def test_plural_forms() -> None:
    assert [formats.plural_form(n, "nl") for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [formats.plural_form(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]
