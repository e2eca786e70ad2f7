"""Widgets bound to a field of the strategy canvas.

Each widget copies its value into the canvas (``st.session_state.strategy``) in its
``on_change`` callback: never only in the widget's key, which Streamlit drops when the page is
not drawn. The callback finds its target afresh (``get``), by audience or channel id, goal id
and SMART index, so it never writes into an item that was removed or a canvas that was replaced
by a loaded file.

Widget keys (``key``) carry the language and loaded file (``wkey``) and the canvas version,
which a removal bumps: the widgets of the items that move up are drawn afresh from the canvas,
never with a removed item's stale value. A choice widget's key also carries a digest of its
options' labels: renaming an audience gives its pickers a fresh key that starts from the canvas
(Streamlit keeps a choice as its label).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st
from pydantic import BaseModel

from assessment import strategy as sm
from ui.i18n import t, wkey

VERSION = "strategy_version"
Get = Callable[[], BaseModel | None]


def key(*parts: object) -> str:
    version = int(st.session_state.get(VERSION, 0))
    return wkey(f"strategy.{version}." + ".".join(map(str, parts)))


def changed() -> None:
    """An item was removed (or a goal dropped): every canvas widget is drawn afresh."""
    st.session_state[VERSION] = int(st.session_state.get(VERSION, 0)) + 1


def _store(get: Get, field: str, widget_key: str, convert: Callable[[Any], Any]) -> None:
    target = get()
    if target is not None:
        setattr(target, field, convert(st.session_state.get(widget_key)))


def _text(limit: int) -> Callable[[Any], str]:
    return lambda v: str(v or "").strip()[:limit]


def text(
    label: str,
    get: Get,
    field: str,
    name: str,
    limit: int,
    *,
    area: bool = False,
    help: str | None = None,
) -> None:
    """A text input (or area) of at most ``limit`` characters."""
    target = get()
    assert target is not None
    k = key(name, field)
    common: dict[str, Any] = {
        "value": str(getattr(target, field)),
        "key": k,
        "max_chars": limit,
        "help": help,
        "on_change": _store,
        "args": (get, field, k, _text(limit)),
    }
    if area:
        st.text_area(label, height=90, **common)
    else:
        st.text_input(label, **common)


def _number(v: Any) -> float | None:
    return None if v is None else float(v)


def number(
    label: str,
    get: Get,
    field: str,
    name: str,
    low: float,
    high: float,
    help: str | None = None,
) -> None:
    """A number that may be left empty."""
    target = get()
    assert target is not None
    k = key(name, field)
    value = getattr(target, field)
    if value is not None:  # a file may hold a value outside the box's range: never a crash
        low, high = min(low, float(value)), max(high, float(value))
    st.number_input(
        label,
        value=None if value is None else float(value),
        min_value=low,
        max_value=high,
        step=1.0,
        format="%g",
        key=k,
        help=help,
        on_change=_store,
        args=(get, field, k, _number),
    )


def date(label: str, get: Get, field: str, name: str) -> None:
    """A date that may be left empty."""
    target = get()
    assert target is not None
    k = key(name, field)
    today = dt.date.today()
    value = getattr(target, field)
    # the range always holds the stored value (a file may carry any date): never a crash
    low, high = dt.date(2000, 1, 1), sm.add_months(today, 120)
    if value is not None:
        low, high = min(low, value), max(high, value)
    st.date_input(
        label,
        value=value,
        min_value=low,
        max_value=high,
        format="YYYY-MM-DD",
        key=k,
        on_change=_store,
        args=(get, field, k, lambda v: v if isinstance(v, dt.date) else None),
    )


def checkbox(label: str, get: Get, field: str, name: str, help: str | None = None) -> None:
    target = get()
    assert target is not None
    k = key(name, field)
    st.checkbox(
        label,
        value=bool(getattr(target, field)),
        key=k,
        help=help,
        on_change=_store,
        args=(get, field, k, bool),
    )


def _digest(labels: Sequence[str]) -> str:
    return format(zlib.crc32("\x1f".join(labels).encode()), "08x")


def choose_many(label: str, get: Get, field: str, name: str, options: Mapping[str, str]) -> None:
    """A multiselect of ids shown by their labels; ids stored that are no longer offered (an
    action the plan no longer has) are kept."""
    target = get()
    assert target is not None
    stored: list[str] = list(getattr(target, field))
    choices = {**options, **{i: i for i in stored if i not in options}}
    k = key(name, field, _digest([f"{i}={v}" for i, v in choices.items()]))
    st.multiselect(
        label,
        list(choices),
        default=stored,
        format_func=choices.__getitem__,
        key=k,
        placeholder=t("strategy.choose"),
        on_change=_store,
        args=(get, field, k, lambda v: list(v or [])),
    )


def choose_one(
    label: str,
    get: Get,
    field: str,
    name: str,
    options: Mapping[str, str],
    *,
    radio: bool = False,
    help: str | None = None,
) -> None:
    """A single choice of ids shown by their labels (may be empty unless ``radio``)."""
    target = get()
    assert target is not None
    value = getattr(target, field)
    ids = list(options)
    index = ids.index(value) if value in ids else None
    k = key(name, field)
    common: dict[str, Any] = {
        "format_func": options.__getitem__,
        "key": k,
        "help": help,
        "on_change": _store,
        "args": (get, field, k, lambda v: v),
    }
    if radio:
        st.radio(label, ids, index=index, **common)
    else:
        st.selectbox(label, ids, index=index, placeholder=t("strategy.choose"), **common)
