"""The strategy canvas: one page right after the summary, in POST's order (People, Objectives,
Strategy, Technology), then the organisation and the canvas's warnings.

Text only, no chart. The page is measured before it is drawn: every row is wrapped by fpdf2 in
a dry run, and the canvas takes the first of ``LEVELS`` (a font size from 9 down to 7 pt, then
the user's texts shortened with "…") that fits one page. Only a canvas that fits no level on one
page (near the schema's maxima) goes on to a second page, at the first level that fits two.
Rows are kept whole and a section's heading stays with its first rows, so nothing overlaps, is
clipped or is left alone at the foot of a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from textwrap import shorten

from assessment import formats
from assessment import strategy as strategy_mod
from assessment.pdf import BODY_W, INK, MUTED, PRIMARY, Cell, clean
from assessment.report.context import Context
from assessment.strategy import Channel

MARK = {True: "✓", False: "✗"}
WARNING = "⚠"
INDENT = 4  # mm: a SMART objective under its goal
NAME_W = 34  # mm: the first column (an audience's, a goal's or a channel's name)
MARKS_W = 42  # mm: "S ✓ M ✓ A ✗ R ✓ T ✓"
ACTION_CHARS = 140  # an action of the plan, by its text (ours: the full text is in the plan)
OURS = 200  # a reason or a warning (our words with the user's in them) is never cut shorter


@dataclass(frozen=True)
class Level:
    size: float  # pt, of the body text
    limit: int | None = None  # the user's texts shortened to this many characters
    brief: bool = False  # less per row: plan actions by number, no reasons or notes, no gaps


LEVELS = (
    Level(9),
    Level(8.5),
    Level(8),
    Level(7.5),
    Level(7),
    Level(7, limit=240),
    Level(7, limit=140),
    Level(7, limit=90, brief=True),
    Level(7, limit=40, brief=True),
    Level(7, limit=24, brief=True),
)


@dataclass(frozen=True)
class Line:
    """A row of cells, ``before`` mm under the previous one, ``grow`` pt above the level's size."""

    cells: tuple[Cell, ...]
    before: float = 0.0
    grow: float = 0.0


@dataclass
class Unit:
    """Lines kept together on one page (a heading with the rows under it, an objective)."""

    lines: list[Line] = field(default_factory=list)


class Words:
    """The user's texts as printed at one level: cleaned, stripped, shortened where needed."""

    def __init__(self, level: Level) -> None:
        self.level = level
        self.shortened = False
        self.left_out = False  # a brief level left out a failing verdict's reasons

    def gap(self, mm: float) -> float:
        """Space between rows; a brief level keeps a third of it."""
        return round(mm / 3, 2) if self.level.brief else mm

    def __call__(self, text: str | None, empty: str = formats.EMPTY, at_least: int = 0) -> str:
        """``at_least``: the shortest a text may be cut to (one of ours with a user's text in
        it: a reason, a warning)."""
        text = " ".join(clean(text or "").split())
        if not text:
            return empty
        limit = None if self.level.limit is None else max(self.level.limit, at_least)
        if limit is None or len(text) <= limit:
            return text
        self.shortened = True
        cut = text[: limit - 1]
        space = cut.rfind(" ")
        if space > limit // 2:  # at a word's end where there is one; a long word is cut
            cut = cut[:space]
        return cut.rstrip(" ,;:·-") + "…"


def canvas(ctx: Context) -> None:
    """The canvas page; nothing when the canvas is empty."""
    strategy = ctx.d.strategy
    if not strategy:
        return
    doc = ctx.doc
    doc.new_page()
    doc.h1(ctx.t("canvas.title"))
    on = ctx.d.scanned or ctx.d.generated
    doc.para(ctx.t("canvas.intro", date=formats.date(on, ctx.lang)), size=9, colour=MUTED)
    check = strategy_mod.check(ctx.c, strategy, on)
    level, units = _fit(ctx, check)
    top = doc.pdf.t_margin
    for unit in units:
        at_top = doc.pdf.get_y() <= top + 0.01
        if _height(ctx, unit, level.size, at_top) > doc.room and not at_top:
            doc.new_page()
            at_top = True
        for i, line in enumerate(unit.lines):
            if line.before and not (at_top and i == 0):
                doc.gap(line.before)
            doc.row(line.cells, level.size + line.grow)


def _fit(ctx: Context, check: strategy_mod.Check) -> tuple[Level, list[Unit]]:
    """The first level that fits one page; else the first that fits two; else the last."""
    for pages in (1, 2):
        for level in LEVELS:
            units = _units(ctx, check, level)
            if _pages(ctx, units, level.size, pages) <= pages:
                return level, units
    return LEVELS[-1], _units(ctx, check, LEVELS[-1])


def _height(ctx: Context, unit: Unit, size: float, at_top: bool) -> float:
    return sum(
        (0 if at_top and i == 0 else line.before) + _row_height(ctx, line, size)
        for i, line in enumerate(unit.lines)
    )


def _row_height(ctx: Context, line: Line, size: float) -> float:
    """A row's height, measured once per report (fitting measures a row again to draw it)."""
    key = (line.cells, size + line.grow)
    known = ctx.measured
    if key not in known:
        known[key] = ctx.doc.row_height(*key)
    return known[key]


def _pages(ctx: Context, units: list[Unit], size: float, most: int) -> int:
    """The pages the units take from here, as ``canvas`` draws them; counting stops past
    ``most``."""
    doc = ctx.doc
    pages, room = 1, doc.room
    at_top = False
    for unit in units:
        height = _height(ctx, unit, size, at_top)
        if height > room and not at_top:
            pages += 1
            if pages > most:
                return pages
            room, at_top = doc.page_height, True
            height = _height(ctx, unit, size, at_top)
        room -= height
        at_top = False
    return pages


# -- what the canvas says --------------------------------------------------------------------


def _units(ctx: Context, check: strategy_mod.Check, level: Level) -> list[Unit]:
    words = Words(level)
    units = [
        *_people(ctx, words),
        *_objectives(ctx, check, words),
        *_strategy(ctx, words),
        *_technology(ctx, words),
        *_organisation(ctx, words),
        *_warnings(ctx, check, words),
    ]
    notes = [ctx.t("canvas.shortened")] if words.shortened else []
    if words.left_out:
        notes.append(ctx.t("canvas.reasons_left_out"))
    if notes:
        note = Cell(" ".join(notes), BODY_W, colour=MUTED)
        units.append(Unit([Line((note,), before=words.gap(2.5))]))
    return units


def _heading(ctx: Context, step: str, words: Words) -> Line:
    title = ctx.c.strategy.step(step).title(ctx.lang)
    return Line((Cell(title, BODY_W, "B", PRIMARY),), before=words.gap(3), grow=2)


def _subheading(text: str, words: Words) -> Line:
    return Line((Cell(text, BODY_W, "B"),), before=words.gap(1.2))


def _none(text: str) -> Line:
    """A section with nothing in it yet."""
    return Line((Cell(text, BODY_W, colour=MUTED),))


def _header_row(labels: list[str], widths: tuple[float, ...]) -> Line:
    return Line(tuple(Cell(t, w, "B", MUTED) for t, w in zip(labels, widths, strict=True)))


def _goal_name(ctx: Context, goal_id: str) -> str:
    return ctx.c.objective(goal_id).name(ctx.lang)


def _people(ctx: Context, words: Words) -> Iterator[Unit]:
    audiences = ctx.d.strategy.audiences
    widths = (NAME_W, 56.0, 48.0, BODY_W - NAME_W - 104)
    labels = ["canvas.col.audience", "canvas.col.needs", "canvas.col.online", "canvas.col.research"]
    research = {r.id: r.name(ctx.lang) for r in ctx.c.strategy.research}
    rows = [
        Line(
            (
                Cell(words(a.name, a.id), widths[0], "B"),
                Cell(words(a.needs), widths[1]),
                Cell(words(a.online), widths[2]),
                Cell(research[a.research], widths[3]),
            ),
            before=words.gap(0.8),
        )
        for a in audiences
    ]
    if not rows:
        yield Unit([_heading(ctx, "people", words), _none(ctx.t("canvas.audiences.none"))])
        return
    head = [_heading(ctx, "people", words), _header_row([ctx.t(k) for k in labels], widths)]
    yield Unit(head + rows[:1])
    yield from (Unit([r]) for r in rows[1:])


def _objectives(ctx: Context, check: strategy_mod.Check, words: Words) -> Iterator[Unit]:
    first = True
    for goal in ctx.d.strategy.objectives:
        unit = Unit([_heading(ctx, "objectives", words)] if first else [])
        first = False
        name = _goal_name(ctx, goal.goal)
        if goal.approach:
            approach = ctx.c.strategy.approach(goal.approach).name(ctx.lang)
            name = ctx.t("canvas.goal", goal=name, approach=approach)
        unit.lines.append(Line((Cell(name, BODY_W, "B"),), before=words.gap(1.5)))
        if goal.serves:
            serves = ctx.t("canvas.serves", serves=words(goal.serves))
            unit.lines.append(Line((Cell("", INDENT), Cell(serves, BODY_W - INDENT))))
        results = check.of(goal.goal)
        if not results:
            none = Cell(ctx.t("canvas.smart.none"), BODY_W - INDENT, colour=MUTED)
            unit.lines.append(Line((Cell("", INDENT), none)))
        for i, result in enumerate(results):
            lines = _smart(ctx, result, words)
            if i == 0:
                unit.lines += lines
                yield unit
            else:
                yield Unit(lines)
        if not results:
            yield unit
    if first:  # no goal chosen yet: the heading and the empty state
        yield Unit([_heading(ctx, "objectives", words), _none(ctx.t("canvas.goals.none"))])


def _number(value: float | None, lang: str) -> str:
    return formats.EMPTY if value is None else formats.number(value, lang, 2)


def marks(ctx: Context, result: strategy_mod.SmartCheck) -> str:
    """Each criterion's initial and a mark, not a colour alone: "S ✓ M ✓ A ✗ R ✓ T ✓"."""
    return " ".join(
        f"{ctx.t(f'smart.name.{v.criterion}')[0]} {MARK[v.ok]}" for v in result.verdicts
    )


def _smart(ctx: Context, result: strategy_mod.SmartCheck, words: Words) -> list[Line]:
    s, lang = result.smart, ctx.lang
    width = BODY_W - INDENT
    figures = ctx.t(
        "canvas.smart.figures",
        kpi=words(s.kpi),
        baseline=_number(s.baseline, lang),
        target=_number(s.target, lang),
        unit=words(s.unit, ""),
        deadline=formats.date(s.deadline, lang, short=True) if s.deadline else formats.EMPTY,
        owner=words(s.owner),
    )
    lines = [
        Line(
            (
                Cell("", INDENT),
                Cell(words(s.text), width - MARKS_W, "B"),
                Cell(marks(ctx, result), MARKS_W, "B"),
            ),
            before=words.gap(0.8),
        ),
        Line((Cell("", INDENT), Cell(figures, width))),
    ]
    if words.level.brief:  # the marks say which criteria fail; the app gives the reasons
        words.left_out = words.left_out or not result.ok
        return lines
    for v in result.verdicts:
        if not v.ok:
            why = words(v.why(ctx.c, lang), at_least=OURS)
            reason = f"{MARK[False]} {ctx.t(f'smart.name.{v.criterion}')}: {why}"
            lines.append(Line((Cell("", INDENT), Cell(reason, width))))
    return lines


def _strategy(ctx: Context, words: Words) -> Iterator[Unit]:
    strategy = ctx.d.strategy
    rest = BODY_W - NAME_W
    relationships = [
        Line(
            (Cell(words(a.name, a.id), NAME_W, "B"), Cell(words(a.relationship), rest)),
            before=words.gap(0.8),
        )
        for a in strategy.audiences
    ]
    if relationships:
        head = [_heading(ctx, "strategy", words), _subheading(ctx.t("canvas.relationship"), words)]
        yield Unit(head + relationships[:1])
        yield from (Unit([r]) for r in relationships[1:])
    elif not strategy.objectives:
        yield Unit([_heading(ctx, "strategy", words), _none(ctx.t("canvas.audiences.none"))])
    if not strategy.objectives:
        return
    number = {a.action_id: i for i, a in enumerate(ctx.included, 1)}
    text = {a.action_id: a.text(ctx.c, ctx.lang) for a in ctx.included}
    rows = []
    for goal in strategy.objectives:
        linked = [a for a in goal.actions if a in number]  # only what the current plan holds
        if not linked:
            actions = ctx.t("canvas.actions.none")
        elif words.level.brief:
            actions = ranges(sorted(number[a] for a in linked))
        else:
            actions = "\n".join(
                f"#{number[a]} {shorten(text[a], ACTION_CHARS, placeholder=' …')}" for a in linked
            )
        name = Cell(_goal_name(ctx, goal.goal), NAME_W, "B")
        rows.append(Line((name, Cell(actions, rest)), before=words.gap(0.8)))
    head = [] if relationships else [_heading(ctx, "strategy", words)]
    yield Unit([*head, _subheading(ctx.t("canvas.actions"), words), rows[0]])
    yield from (Unit([r]) for r in rows[1:])


def ranges(numbers: list[int]) -> str:
    """Plan numbers, consecutive ones as a range: "#1–#4, #7"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return ", ".join(f"#{s[0]}" if len(s) == 1 else f"#{s[0]}–#{s[-1]}" for s in spans)


def _technology(ctx: Context, words: Words) -> Iterator[Unit]:
    strategy = ctx.d.strategy
    labels = ["canvas.col.channel", "canvas.col.there", "canvas.col.goals", "canvas.col.notes"]
    # A brief level leaves the notes out and gives channels with the same audiences and goals
    # one row (their names together); the other levels give every channel its own row.
    groups: dict[object, list[Channel]] = {}
    for c in strategy.channels:
        key = (tuple(c.audiences), tuple(c.goals)) if words.level.brief else c.id
        groups.setdefault(key, []).append(c)
    if words.level.brief:
        widths: tuple[float, ...] = (NAME_W + 10, 60.0, BODY_W - NAME_W - 70, 0.0)
        words.left_out = words.left_out or any(c.notes for c in strategy.channels)
    else:
        widths = (NAME_W, 44.0, 50.0, BODY_W - NAME_W - 94)
    rows = []
    for channels in groups.values():
        c = channels[0]
        there = [a for a in (strategy.audience(i) for i in c.audiences) if a is not None]
        audiences = ", ".join(words(a.name, a.id) for a in there) or formats.EMPTY
        goals = ", ".join(_goal_name(ctx, g) for g in c.goals) or formats.EMPTY
        rows.append(
            Line(
                (
                    Cell(", ".join(words(ch.name, ch.id) for ch in channels), widths[0], "B"),
                    Cell(audiences, widths[1]),
                    Cell(goals, widths[2]),
                    Cell(words(c.notes) if widths[3] else "", widths[3]),
                ),
                before=words.gap(0.8),
            )
        )
    if not rows:
        yield Unit([_heading(ctx, "technology", words), _none(ctx.t("canvas.channels.none"))])
        return
    shown = [(ctx.t(k), w) for k, w in zip(labels, widths, strict=True) if w]
    head = [
        _heading(ctx, "technology", words),
        _header_row([t for t, _ in shown], tuple(w for _, w in shown)),
    ]
    yield Unit(head + rows[:1])
    yield from (Unit([r]) for r in rows[1:])


def _organisation(ctx: Context, words: Words) -> Iterator[Unit]:
    strategy = ctx.d.strategy
    webcare = strategy.webcare
    hours = (
        formats.number(webcare.response_hours, ctx.lang, 2)
        if webcare.response_hours
        else formats.EMPTY
    )
    review = strategy.review
    rhythm = (
        next(r.name(ctx.lang) for r in ctx.c.strategy.rhythms if r.id == review.rhythm)
        if review.rhythm
        else ""
    )
    parts = [p for p in (rhythm, words(review.who, ""), words(review.how, "")) if p]
    rows = [
        ("canvas.final_responsibility", words(strategy.final_responsibility)),
        (
            "canvas.webcare",
            ctx.t("canvas.webcare.value", who=words(webcare.who), hours=hours)
            if webcare.who or webcare.response_hours
            else formats.EMPTY,
        ),
        ("canvas.review", " · ".join(parts) or formats.EMPTY),
    ]
    label_w = 44
    lines = [
        Line((Cell(ctx.t(key), label_w, "B"), Cell(value, BODY_W - label_w)), before=words.gap(0.5))
        for key, value in rows
    ]
    yield Unit([_heading(ctx, "organisation", words), *lines])


def _warnings(ctx: Context, check: strategy_mod.Check, words: Words) -> Iterator[Unit]:
    heading = Line(
        (Cell(ctx.t("canvas.warnings"), BODY_W, "B", PRIMARY),), before=words.gap(3), grow=2
    )
    if not check.warnings:
        none = Cell(ctx.t("canvas.warnings.none"), BODY_W, colour=INK)
        yield Unit([heading, Line((none,))])
        return
    lines = [
        Line(
            (
                Cell(WARNING, INDENT + 1, "B"),
                Cell(words(w.text(ctx.c, ctx.lang), at_least=OURS), BODY_W - 5),
            ),
            before=words.gap(0.5),
        )
        for w in check.warnings
    ]
    yield Unit([heading, lines[0]])
    yield from (Unit([line]) for line in lines[1:])
