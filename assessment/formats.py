"""Numbers, percentages, dates and plural forms as each language writes them (Babel's CLDR data).

The one place where the app, the report and the charts format a figure: "62,5%" and
"29 november 2026" in Dutch, "62.5%" and "29 November 2026" in English.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

EMPTY = "–"  # a figure that does not exist (nothing answered)
TENTH = Decimal("0.1")


@cache
def _locale(lang: str) -> Locale:
    # British English: the day before the month and a 24-hour clock, as the Dutch readers expect
    return Locale.parse("en_GB" if lang == "en" else "nl")


def number(value: float, lang: str, digits: int = 1) -> str:
    """At most ``digits`` decimals, trailing zeros dropped: 62,5 / 2,68 / 3 in Dutch."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def index(value: float, lang: str) -> str:
    """The maturity index, always with two decimals: "2,50", "3,00"."""
    return format_decimal(value, format="0.00", locale=_locale(lang))


def percent(value: float | None, lang: str) -> str:
    """A percentage on the 0-100 scale, one decimal at most: "62,5%", "75%"; "–" for None.

    Rounded half up, but never up to a whole number it does not reach: 74,96 shows as 74,9%, so
    a value just below a threshold (a whole number) never reads as the threshold.
    """
    if value is None:
        return EMPTY
    exact = Decimal(str(value))
    shown = exact.quantize(TENTH, rounding=ROUND_HALF_UP)
    if shown > exact and shown == shown.to_integral_value():
        shown = exact.quantize(TENTH, rounding=ROUND_FLOOR)
    return format_percent(shown / 100, format="#,##0.#%", locale=_locale(lang))


def delta(value: float | None, lang: str) -> str:
    """A difference with its sign, one decimal at most: "+16,5", "−3", "0"; "–" for None."""
    if value is None:
        return EMPTY
    shown = Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)
    if shown == 0:
        return number(0, lang)
    sign = "+" if shown > 0 else "\u2212"
    return sign + number(float(abs(shown)), lang)


def date(day: dt.date, lang: str, *, short: bool = False) -> str:
    """The long date: "29 november 2026", "29 November 2026"; short: "29 nov 2026" (for a
    table column)."""
    return format_date(day, format="medium" if short else "long", locale=_locale(lang))


def time(moment: dt.time | dt.datetime, lang: str) -> str:
    """A clock time to the second, as the language writes it."""
    return format_time(moment, format="medium", locale=_locale(lang))


def plural_form(count: int, lang: str) -> str:
    """CLDR's plural category of ``count`` ("one" or "other" for Dutch and English)."""
    return str(_locale(lang).plural_form(count))
