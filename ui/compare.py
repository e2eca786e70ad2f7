"""Compare many: loading save files and workshops' facilitator links, the table, the charts, the
statements where the group differs most, and the exports (CSV and Excel) here and elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlparse

import streamlit as st

from assessment import charts as ch
from assessment import export
from assessment import many as mn
from assessment import workshop as ws
from ui.i18n import content, lang, md_escape, phase_label, t, wkey
from ui.state import engine

FILES = "compare.files"  # the parsed entries of the uploaded files: [Entry]
ERRORS = "compare.errors"  # [(filename, SaveFileError)]
LINKS = "compare.links.text"  # the pasted links, as typed
SORT = "compare.sort.value"
KIND = "compare.kind.value"
TEXT = "compare.text.value"


# -- loading ---------------------------------------------------------------------------------


def _on_upload(key: str) -> None:
    files = st.session_state.get(key) or []
    entries, errors = mn.entries_from_files(content(), [(f.name, f.getvalue()) for f in files])
    st.session_state[FILES] = entries
    st.session_state[ERRORS] = errors


def _keep(key: str, into: str) -> None:
    st.session_state[into] = st.session_state.get(key)


def _clear() -> None:
    for name in (FILES, ERRORS, LINKS):
        st.session_state.pop(name, None)
    st.session_state["compare.generation"] = int(st.session_state.get("compare.generation", 0)) + 1


def link_key(line: str) -> str:
    """The facilitator key a pasted line carries: ``…/workshop?key=…``, or the bare key."""
    line = line.strip()
    if "key=" in line:
        return (parse_qs(urlparse(line).query).get("key") or [""])[0].strip()
    return line if line and not any(ch.isspace() or ch in "/:?&=." for ch in line) else ""


def workshops() -> tuple[list[mn.Entry], list[str]]:
    """The pasted links' workshops as entries, and every line that names no workshop."""
    entries: list[mn.Entry] = []
    unknown: list[str] = []
    db = engine()
    for line in str(st.session_state.get(LINKS) or "").splitlines():
        if not line.strip():
            continue
        key = link_key(line)
        workshop = ws.by_key(db, key) if key else None
        if workshop is None:
            unknown.append(line.strip())
        else:
            entries.append(mn.entry_from_workshop(db, content(), workshop))
    return entries, unknown


def inputs() -> list[mn.Entry]:
    """The uploader and the links box; every damaged file and unknown link named. Returns the
    sound entries."""
    generation = st.session_state.get("compare.generation", 0)
    up = f"compare.upload.{generation}"
    st.file_uploader(
        t("compare.upload"),
        type=["json"],
        accept_multiple_files=True,
        key=up,
        on_change=_on_upload,
        args=(up,),
    )
    box = wkey(f"compare.links.{generation}")
    st.text_area(
        t("compare.links"),
        value=st.session_state.get(LINKS) or "",
        help=t("compare.links.help"),
        key=box,
        on_change=_keep,
        args=(box, LINKS),
    )
    c, language = content(), lang()
    for name, error in st.session_state.get(ERRORS) or []:
        st.error(
            t("compare.damaged", name=md_escape(name), message=error.message(c, language)),
            icon=":material/broken_image:",
        )
    from_links, unknown = workshops()
    for line in unknown:
        st.error(t("compare.link.unknown", line=md_escape(line)), icon=":material/link_off:")
    entries = list(st.session_state.get(FILES) or []) + from_links
    if entries or st.session_state.get(ERRORS):
        st.button(t("compare.clear"), on_click=_clear, icon=":material/delete_sweep:")
    return entries


# -- the table -------------------------------------------------------------------------------


def _sort_label(language: str, key: str) -> str:
    c = content()
    if key in ("name", "index"):
        return c.t(f"compare.sort.{key}", language)
    return next(col for col in mn.COLUMNS if col.key == key).name(c, language)


def _kind_label(language: str, kind: str) -> str:
    return content().t("compare.filter.all" if kind == "all" else f"compare.kind.{kind}", language)


def _select(label: str, options: list[str], into: str, name: str, fmt: Any) -> str:
    key = wkey(name)
    kept = st.session_state.get(into)
    return str(
        st.selectbox(
            label,
            options,
            index=options.index(kept) if kept in options else 0,
            format_func=fmt,
            key=key,
            on_change=_keep,
            args=(key, into),
        )
    )


def table(many: mn.Many) -> None:
    """One line per organisation, with sort and filter (kept across page switches)."""
    st.subheader(t("compare.table"))
    left, middle, right = st.columns(3)
    with left:
        by = _select(
            t("compare.sort"),
            ["name", "index", *(c.key for c in mn.COLUMNS)],
            SORT,
            "compare.sort",
            partial(_sort_label, lang()),
        )
    with middle:
        kind = _select(
            t("compare.filter.kind"),
            ["all", *mn.KINDS],
            KIND,
            "compare.kind",
            partial(_kind_label, lang()),
        )
    with right:
        key = wkey("compare.text")
        text = st.text_input(
            t("compare.filter.text"),
            value=st.session_state.get(TEXT) or "",
            key=key,
            on_change=_keep,
            args=(key, TEXT),
        )
    rows = mn.sort_rows(
        mn.filter_rows(many.rows, None if kind == "all" else kind, text),  # type: ignore[arg-type]
        by,
        descending=by != "name",
    )
    if not rows:
        st.info(t("compare.none_match"), icon=":material/filter_alt_off:")
        return
    data: dict[str, list[Any]] = {
        t("compare.col.name"): [r.name for r in rows],
        t("compare.col.kind"): [t(f"compare.kind.{r.entry.kind}") for r in rows],
        t("compare.col.source"): [r.entry.source for r in rows],
        t("compare.col.phase"): [phase_label(r.phase) if r.phase else "–" for r in rows],
        t("compare.col.index"): [round(r.index, 1) for r in rows],
    }
    if by not in ("name", "index"):
        data[_sort_label(lang(), by)] = [_percent(r.value(by)) for r in rows]
    st.dataframe(data, hide_index=True, width="stretch")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


# -- where the group differs most ------------------------------------------------------------


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def differs(many: mn.Many) -> None:
    st.subheader(t("compare.differs"))
    ranked = many.differs_most(limit=5)
    if not ranked:
        st.caption(t("compare.differs.none"))
        return
    c, language = content(), lang()
    for s in ranked:
        item, _, _ = c.item(s.item_id)
        line = t(
            "compare.differs.line",
            low=_num(s.low),
            high=_num(s.high),
            median=_num(s.median),
            answered=s.answered,
            dont_know=s.dont_know,
            na=s.not_applicable,
        )
        st.markdown(f"- **{md_escape(item.text(language))}**  \n  {line}")


def items_line(many: mn.Many) -> None:
    st.caption(t("compare.items", compared=many.compared, not_compared=many.not_compared))


# -- exports ---------------------------------------------------------------------------------


def export_buttons(many: mn.Many, stem: str, key: str, report: bool = False) -> None:
    """The comparison (or one scan, one workshop) as Excel and as two CSV files, dated; with
    ``report`` also the comparison report (PDF) for the steering group. Each file is built
    when its button is clicked, never on a rerun."""
    c, language = content(), lang()
    today = dt.date.today()
    name = f"{stem}-{today.isoformat()}"

    def answers_csv() -> bytes:
        return export.csv_files(c, many, language)[0]

    def summary_csv() -> bytes:
        return export.csv_files(c, many, language)[1]

    buttons: list[tuple[str, Callable[[], bytes], str, str]] = [
        ("export.download.xlsx", partial(export.xlsx, c, many, language), f"{name}.xlsx", XLSX),
        ("export.download.answers", answers_csv, f"{name}-answers.csv", "text/csv"),
        ("export.download.summary", summary_csv, f"{name}-summary.csv", "text/csv"),
    ]
    if report:
        from assessment.report.many import build_comparison_report

        pdf = partial(build_comparison_report, c, many, language, today)
        buttons.insert(0, ("compare.download.pdf", pdf, f"{name}.pdf", "application/pdf"))
    cols = st.columns(len(buttons))
    for col, (label, data, file_name, mime) in zip(cols, buttons, strict=True):
        with col:
            st.download_button(
                t(label),
                data=data,
                file_name=file_name,
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                help=t("export.download.help"),
                key=f"{key}.{label}",
            )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scan_exports() -> None:
    """The save page: the current scan as CSV and Excel."""
    from ui.state import current_save

    save = current_save()
    entry = mn.entry_from_save(save, save.filename())
    st.subheader(t("export.download.title"))
    export_buttons(mn.single(content(), entry), "sbsmi-scan", "export.scan")


def workshop_exports(workshop: ws.Workshop) -> None:
    """The facilitator's result panel: every participant (anonymous) and the agreed answers."""
    entry = mn.entry_from_workshop(engine(), content(), workshop)
    st.caption(t("export.download.workshop"))
    export_buttons(mn.single(content(), entry), "sbsmi-workshop", f"export.ws.{workshop.id}")


# -- the charts (from assessment.charts) -----------------------------------------------------


def charts(many: mn.Many) -> None:
    """The heat map and the spread chart (``assessment.charts``), each with its text
    alternative, shown as a caption as well as given to the chart."""
    c, language = content(), lang()
    for title, draw, summary, room in (
        ("compare.heatmap", ch.many_heatmap, ch.many_heatmap_summary, 180),
        ("compare.spread", ch.many_spread, ch.many_spread_summary, 110),
    ):
        st.subheader(t(title))
        alt = summary(c, many, language)
        chart = draw(c, many, language, "container")
        # the element's height: the plot's (from the spec) and room for the axes and legend
        height = int(chart.to_dict().get("height", 200)) + room
        st.altair_chart(chart, width="stretch", height=height, theme=None, alt=alt)
        st.caption(alt)
