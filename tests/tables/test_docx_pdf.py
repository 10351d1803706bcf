"""DOCX and PDF front ends: the real HTML plans' tables written out with python-docx and reportlab
(and a pseudographic table with intact spacing) read back to the same grid of texts."""
from __future__ import annotations

import pytest

from graph.errors import SourceError
from graph.tables import load
from graph.tables.markdown import read_markdown
from table_writers import REAL, spans, texts, write_docx, write_pdf, write_pseudographic

PLANS = ["1997-almaty-obl-okhrana-truda", "1998-almaty-obl-sibirskaia-iazva", "2019-perepis-naseleniia-2021"]


def _plan(name):
    return load(REAL / f"{name}.md").tables[0]


@pytest.mark.parametrize("name", PLANS)
def test_docx_gives_the_grid_of_the_html(tmp_path, name):
    html = _plan(name)
    path = write_docx(tmp_path / "plan.bin", html, heading="План мероприятий", paragraphs=("Утвержден",))
    document = load(path)  # recognised by content: the extension says nothing
    assert document.format == "docx"
    (table,) = document.tables
    assert texts(table) == texts(html)
    assert spans(table) == spans(html)  # merged cells are spans, not repeated text
    assert [(p.text, p.heading) for p in document.paragraphs] == [("План мероприятий", 2), ("Утвержден", None)]
    assert document.blocks.index(table) == 2
    cell = table.rows[-1].cells[-1]
    assert (cell.position.table, cell.position.row, cell.position.cell, cell.position.line) == (1, len(table.rows), len(table.rows[-1].cells), None)


def test_docx_keeps_paragraphs_inside_a_cell_and_vertical_merges(tmp_path):
    html = read_markdown(["<table>", '<tr><td rowspan="2">1.</td><td>a<br>b</td></tr>', "<tr><td>c</td></tr>",
                          '<tr><td colspan="2">Задача 2.</td></tr>', "</table>"]).tables[0]
    table = load(write_docx(tmp_path / "m.docx", html)).tables[0]
    assert [[(c.text, c.column, c.colspan, c.rowspan) for c in row.cells] for row in table.rows] == [
        [("1.", 0, 1, 2), ("a\nb", 1, 1, 1)], [("c", 1, 1, 1)], [("Задача 2.", 0, 2, 1)]]


def test_docx_from_an_intact_pseudographic_table(tmp_path):
    html = _plan("1998-almaty-obl-sibirskaia-iazva")
    text = read_markdown(write_pseudographic(html, [5, 40, 14, 30])).tables[0]
    docx_table = load(write_docx(tmp_path / "p.docx", text)).tables[0]
    assert texts(docx_table) == texts(text) == texts(html)


def test_docx_without_a_table_is_a_clear_error(tmp_path):
    import docx

    path = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Письмо без таблицы")
    document.save(path)
    with pytest.raises(SourceError) as error:
        load(path)
    assert str(path) in str(error.value) and "no table in this DOCX" in str(error.value)


@pytest.mark.parametrize("name", PLANS)
def test_pdf_gives_the_grid_of_the_html(tmp_path, name):
    html = _plan(name)
    path = write_pdf(tmp_path / "plan.pdf", html, heading="План мероприятий")
    document = load(path)
    assert document.format == "pdf"
    (table,) = document.tables  # one table, even where it runs over several pages
    assert texts(table) == texts(html)
    assert spans(table) == spans(html)
    assert document.paragraphs[0].text == "План мероприятий" and document.paragraphs[0].position.page == 1
    pages = {row.position.page for row in table.rows}
    if name != "1998-almaty-obl-sibirskaia-iazva":
        assert len(pages) > 1  # the long plans are split by reportlab and kept whole here
    assert [row.position.row for row in table.rows] == list(range(1, len(table.rows) + 1))


def test_pdf_from_an_intact_pseudographic_table(tmp_path):
    html = _plan("1998-almaty-obl-sibirskaia-iazva")
    text = read_markdown(write_pseudographic(html, [5, 40, 14, 30])).tables[0]
    assert texts(load(write_pdf(tmp_path / "p.pdf", text)).tables[0]) == texts(html)


def test_pdf_without_a_text_layer_is_a_clear_error(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    for y in range(100, 700, 50):  # ruled lines, as a scan's vector tracing would have, but no text
        page.line(50, y, 500, y)
    page.rect(60, 60, 200, 100, fill=1)
    page.showPage()
    page.save()
    with pytest.raises(SourceError) as error:
        load(path)
    assert str(error.value) == f"{path}: scanned PDF: no text layer; run OCR first (1 pages, no text)"


def test_docx_content_controls_and_outline_levels(tmp_path):
    """A table wrapped in a content control (w:sdt) is read in its place; an outline level makes a heading."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    html = _plan("1998-almaty-obl-sibirskaia-iazva")
    path = write_docx(tmp_path / "plain.docx", html, paragraphs=("Приложение",))
    document = docx.Document(path)
    body = document.element.body
    table = body.find(qn("w:tbl"))
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    table.addprevious(sdt)
    content.append(table)
    paragraph = document.paragraphs[0]
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    paragraph._p.get_or_add_pPr().append(outline)
    document.add_paragraph("После таблицы")
    document.save(tmp_path / "wrapped.docx")
    read = load(tmp_path / "wrapped.docx")
    assert [type(b).__name__ for b in read.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert read.paragraphs[0].heading == 2 and texts(read.tables[0]) == texts(html)


def test_pdf_table_continues_past_page_numbers(tmp_path):
    html = _plan("1997-almaty-obl-okhrana-truda")
    document = load(write_pdf(tmp_path / "numbered.pdf", html, page_numbers=True))
    (table,) = document.tables
    assert texts(table) == texts(html)
    pages = sorted({row.position.page for row in table.rows})
    assert len(pages) > 1
    assert [p.text for p in document.paragraphs] == [str(n) for n in pages]  # the numbers are kept, as paragraphs


def test_docx_list_numbers_drawn_by_word_are_read(tmp_path):
    """The «№» column written as a numbered list: the cells have no text, Word prints «1.» … «18.»."""
    import docx

    html = _plan("2019-perepis-naseleniia-2021")
    path = write_docx(tmp_path / "numbered.docx", html, list_numbers=True)
    first_column = [row.cells[0].paragraphs[0] for row in docx.Document(path).tables[0].rows]
    assert first_column[2].text == "" and first_column[2].style.name == "List Number"
    assert texts(load(path).tables[0]) == texts(html)


@pytest.mark.parametrize("fmt, n, label", [("upperRoman", 14, "XIV"), ("lowerRoman", 4, "iv"), ("russianLower", 3, "в"),
                                          ("russianLower", 29, "аа"), ("upperLetter", 2, "B"), ("decimalZero", 7, "07")])
def test_word_number_formats(fmt, n, label):
    from graph.tables.docx_numbering import _FORMATS

    assert _FORMATS[fmt](n) == label
