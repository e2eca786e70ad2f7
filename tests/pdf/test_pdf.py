"""The PDF primitives as a reader meets them: which page a text lands on, what each page says."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from assessment.pdf import PAGE, PAGES, Document


def new_doc(footer_left: str = "Bakkerij · Rapport") -> Document:
    doc = Document(
        title="Rapport",
        author="Bakkerij",
        lang="nl",
        created=dt.date(2026, 11, 26),
        footer_left=footer_left,
        footer_right=f"Pagina {PAGE} van {PAGES}",
    )
    doc.new_page()
    return doc


def pages(doc: Document) -> list[str]:
    reader = PdfReader(io.BytesIO(doc.output()))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def test_a_block_that_does_not_fit_starts_on_the_next_page() -> None:
    doc = new_doc()
    doc.para("Eerste alinea")
    doc.move_to(250)  # 29 mm left above the 18 mm bottom margin of an A4 page
    doc.keep(40)
    doc.para("Tweede alinea")
    text = pages(doc)
    assert len(text) == 2
    assert "Eerste alinea" in text[0] and "Tweede alinea" not in text[0]
    assert "Tweede alinea" in text[1]


def test_a_block_that_fits_stays_on_the_page() -> None:
    doc = new_doc()
    doc.para("Eerste alinea")
    doc.move_to(200)  # 79 mm left
    doc.keep(40, gap=4)
    doc.para("Tweede alinea")
    text = pages(doc)
    assert len(text) == 1
    assert "Eerste alinea" in text[0] and "Tweede alinea" in text[0]


def test_a_subheading_is_never_left_alone_at_the_foot_of_a_page() -> None:
    doc = new_doc()
    doc.para("Inleiding")
    doc.move_to(262)  # room for the heading's own line, not for anything under it
    doc.h2("Bevindingen")
    doc.para("De tekst onder de kop")
    text = pages(doc)
    assert len(text) == 2
    assert "Bevindingen" not in text[0]
    assert text[1].startswith("Bevindingen De tekst onder de kop")


def test_a_long_table_repeats_its_heading_row_on_every_page() -> None:
    doc = new_doc()
    rows = [[f"R{n:03d}", f"Stelling nummer {n:03d}", "Grotendeels"] for n in range(1, 151)]
    doc.table(["Nr", "Stelling", "Antwoord"], rows, widths=(20, 120, 40))
    text = pages(doc)
    assert len(text) >= 3
    for page in text:
        assert page.startswith("Nr Stelling Antwoord"), page[:60]
    every = " ".join(text)
    # every row printed once, in order, none lost at a page break
    found = [every.index(f"R{n:03d} Stelling nummer {n:03d}") for n in range(1, 151)]
    assert found == sorted(found)
    assert all(every.count(f"R{n:03d} ") == 1 for n in range(1, 151))


def test_footer_numbers_the_pages_but_not_the_cover() -> None:
    doc = new_doc()
    doc.para("Omslag")
    for n in (2, 3):
        doc.new_page()
        doc.para(f"Inhoud {n}")
    text = pages(doc)
    assert "Pagina" not in text[0] and "Bakkerij · Rapport" not in text[0]
    assert "Pagina 2 van 3" in text[1] and "Bakkerij · Rapport" in text[1]
    assert "Pagina 3 van 3" in text[2]


def test_a_long_footer_is_cut_with_an_ellipsis() -> None:
    name = "Gemeentelijkeklantcontactcentrumreorganisatiecommissie " * 4
    doc = new_doc(footer_left=name + "· Rapport")
    doc.new_page()
    doc.para("Inhoud")
    footer = pages(doc)[1]
    assert "…" in footer
    assert "Pagina 2 van 2" in footer  # the page number is not pushed off the line
    assert name.strip() not in footer


def test_text_the_font_cannot_print_is_dropped_not_fatal() -> None:
    doc = new_doc()
    doc.h1("Bakkerij ’t Hoekje “De Beste” € – café 🎉")
    doc.bullets(["Eerste punt 🚀", "Tweede\x00punt"])
    doc.para("**geen opmaak** <b>html</b>")
    text = pages(doc)[0]
    assert "Bakkerij ’t Hoekje “De Beste” € – café" in text
    assert "🎉" not in text and "🚀" not in text
    assert "Eerste punt" in text and "Tweedepunt" in text
    assert "**geen opmaak** <b>html</b>" in text


def test_a_figure_is_an_image_with_its_caption_under_it() -> None:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 20), (31, 95, 139)).save(png, format="PNG")
    doc = new_doc()
    doc.figure(png.getvalue(), "Fase 1 tot 6: vervulling per fase")
    reader = PdfReader(io.BytesIO(doc.output()))
    assert len(reader.pages[0].images) == 1
    assert "Fase 1 tot 6: vervulling per fase" in (reader.pages[0].extract_text() or "")
