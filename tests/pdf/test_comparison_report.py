"""The comparison report (PDF) of many organisations: the text as pypdf reads it from the real
PDF (nl and en), a large group, the figures inside the page, and ``compare-many --pdf``."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from assessment import charts
from assessment.answers import DONT_KNOW, AnswerValue
from assessment.content import Content
from assessment.many import Many, compare_many
from assessment.report.many import HEAT_ROWS, build_comparison_report, organisation_rows
from assessment.savefile import Organisation, SaveFile
from tests.helpers import all_answers, up_to
from tests.helpers import scan_entry as entry

DAY = dt.date(2026, 11, 30)
MM = 72 / 25.4  # points per mm
BOTTOM_MARGIN = 18 * MM  # the body never reaches below this (the footer sits in it)


def flat(s: str) -> str:
    return " ".join(s.split())


def text_of(pdf: bytes) -> tuple[str, list[PageObject]]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    return flat("\n".join(p.extract_text() or "" for p in pages)), pages


def answers_for(content: Content, i: int) -> dict[str, AnswerValue]:
    """Varied answers: now and then a phase all "don't know" or a question left open."""
    out = all_answers(content, (i * 7) % 5) | up_to(content, i % 6 + 1, 4, i % 3)
    if i % 3 == 1:
        out |= {s.id: DONT_KNOW for s in content.phase(3).statements}
    if i % 4 == 2:
        for sq in content.question(1).subquestions:
            out.pop(sq.id)
    return out


def group(content: Content, n: int) -> Many:
    names = ["Bakkerij Jansen", "Gemeente Zwolle", "Stichting Groen"]
    return compare_many(
        content,
        [
            entry(
                content,
                names[i] if i < len(names) else f"Organisatie {i + 1:03d}",
                answers_for(content, i),
            )
            for i in range(n)
        ],
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_says_every_organisation_the_captions_and_where_they_differ(
    lang: str, content: Content
) -> None:
    m = group(content, 5)
    text, pages = text_of(build_comparison_report(content, m, lang, DAY))
    title = {"nl": "Vergelijking van 5 organisaties", "en": "Comparison of 5 organisations"}
    assert title[lang] in text
    assert {"nl": "30 november 2026", "en": "30 November 2026"}[lang] in text
    assert content.t("many.report.compared", lang, count=m.compared) in text
    # one line per organisation: name, phase, index, weakest phase, figures missing
    rows = organisation_rows(content, m, lang)
    assert [r[0] for r in rows] == [r.name for r in m.rows]
    for row in rows:
        assert flat(" ".join(row)) in text, row
    assert "1 van 10" in text if lang == "nl" else "1 of 10" in text
    # the captions are the charts' text alternatives
    assert flat(charts.many_heatmap_summary(content, m, lang)) in text
    assert flat(charts.many_spread_summary(content, m, lang)) in text
    # the statements where the group differs most, in their rank
    differs = m.differs_most(10)
    assert differs
    refs = [content.ref(s.item_id, lang) for s in differs]
    heading = content.t("many.report.differs", lang)
    tail = text.split(heading, 1)[1]
    positions = [
        tail.index(f"{ref} {content.item(s.item_id)[0].text(lang)[:30]}")
        for ref, s in zip(refs, differs, strict=True)
    ]
    assert positions == sorted(positions)
    assert len(pages) <= 3


def test_the_languages_differ(content: Content) -> None:
    m = group(content, 3)
    nl, _ = text_of(build_comparison_report(content, m, "nl", DAY))
    en, _ = text_of(build_comparison_report(content, m, "en", DAY))
    assert "Waar de groep het meest verschilt" in nl and "Where the group differs most" in en
    assert "Where the group" not in nl and "Waar de groep" not in en


def _image_boxes(page: PageObject) -> list[tuple[float, float]]:
    """Every drawn image's bottom and top (points from the page's foot)."""
    boxes: list[tuple[float, float]] = []
    stack: list[list[float]] = []

    def before(op: bytes, args: list[float], cm: list[float], tm: list[float]) -> None:
        if op == b"cm":
            stack.append([float(a) for a in args])
        if op == b"Do" and stack:
            _, _, _, h, _, y = stack[-1]
            boxes.append((y, y + h))

    page.extract_text(visitor_operand_before=before)
    return boxes


def test_two_hundred_organisations_stay_a_few_pages_and_inside_the_page(
    content: Content,
) -> None:
    m = group(content, 200)
    text, pages = text_of(build_comparison_report(content, m, "en", DAY))
    assert len(pages) <= 9
    for r in m.rows:  # every organisation's line, even beyond the heat map's first 40
        assert r.name in text
    assert f"The heat map shows the first {HEAT_ROWS} of 200" in text
    top = 297 * MM
    boxes = [b for p in pages for b in _image_boxes(p)]
    assert len(boxes) == 2
    for bottom, upper in boxes:
        assert bottom >= BOTTOM_MARGIN - 0.5, (bottom, upper)
        assert upper <= top - 15 * MM + 0.5


def test_a_small_heat_map_is_drawn_across_the_body(content: Content) -> None:
    _, pages = text_of(build_comparison_report(content, group(content, 3), "nl", DAY))
    boxes = _image_boxes(pages[0])
    assert boxes  # the heat map on the cover page, under the cover line
    assert all(b >= BOTTOM_MARGIN - 0.5 for b, _ in boxes)


def test_cli_writes_the_comparison_report(tmp_path: Path, content: Content) -> None:
    files = []
    for i, name in enumerate(["Bakkerij Jansen", "Gemeente Zwolle", "Stichting Groen"]):
        path = tmp_path / f"{i}.json"
        path.write_text(
            SaveFile(
                organisation=Organisation(name=name), answers=answers_for(content, i)
            ).to_json()
        )
        files.append(str(path))
    out = tmp_path / "vergelijking.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "assessment", "compare-many", *files, "--pdf", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    text, _ = text_of(out.read_bytes())
    assert "Vergelijking van 3 organisaties" in text
    for name in ("Bakkerij Jansen", "Gemeente Zwolle", "Stichting Groen"):
        assert name in text
    assert '"entries"' in run.stdout  # the JSON is printed as always
    # a PDF that cannot be written is named on stderr
    bad = tmp_path / "no-such-dir" / "x.pdf"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessment",
            "compare-many",
            *files,
            "--pdf",
            str(bad),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert str(bad) in run.stderr
