"""The HTML/markdown front end on the real plans (tests/data/real/): values read off the files."""
from __future__ import annotations

import html
import json
import re

import pytest

from graph.errors import SourceError
from graph.tables import load
from graph.tables.html import read_page
from graph.tables.markdown import read_markdown
from table_writers import REAL, texts

HTML_PLANS = ["1997-almaty-obl-okhrana-truda", "1998-almaty-obl-sibirskaia-iazva", "2019-perepis-naseleniia-2021"]


def _expected(name):
    return json.loads((REAL / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def _lines(name):
    return (REAL / f"{name}.md").read_text(encoding="utf-8").split("\n")


def test_census_plan_header_and_column_numbers():
    document = load(REAL / "2019-perepis-naseleniia-2021.md")
    assert document.format == "markdown"
    plan = document.tables[0]
    header, numbers = plan.rows[0], plan.rows[1]
    assert [c.text for c in header.cells] == _expected("2019-perepis-naseleniia-2021")["columns"]
    assert all(c.header for c in header.cells) and [c.column for c in header.cells] == list(range(7))
    assert [c.text for c in numbers.cells] == [str(n) for n in range(1, 8)] and all(c.header for c in numbers.cells)
    assert plan.width == 7
    # the second table of the act is the glossary: abbreviation, dash, expansion
    glossary = document.tables[1]
    assert glossary.width == 3 and glossary.position.table == 2
    assert [c.text for c in glossary.rows[0].cells][:2] == ["МИОР", "–"]


@pytest.mark.parametrize("name", HTML_PLANS)
def test_every_cell_points_at_its_source_line(name):
    lines = _lines(name)
    for table in load(REAL / f"{name}.md").tables:
        for row in table.rows:
            for k, cell in enumerate(row.cells, start=1):
                assert cell.position.table == table.position.table and cell.position.cell == k
                assert lines[cell.position.line - 1].lstrip().startswith(("<td", "<th"))
                for n in cell.lines:  # every line it names holds some of its text
                    words = html.unescape(re.sub(r"<[^>]+>", " ", lines[n - 1])).split()
                    assert words and all(w in cell.text for w in words), (n, lines[n - 1])


@pytest.mark.parametrize("name", HTML_PLANS)
def test_measure_rows_count_as_in_the_hand_reading(name):
    """Rows of full width that are not <th> rows are the plan's measures, after a header row printed with <td>."""
    plan = load(REAL / f"{name}.md").tables[0]
    body = [row for row in plan.rows if not all(c.header for c in row.cells) and len(row.cells) == plan.width]
    if not plan.rows[0].cells[0].header:
        assert body[0] is plan.rows[0]
        body = body[1:]
    assert [row.cells[0].text for row in body] == [m["number"] for m in _expected(name)["measures"]]


def test_1997_colspan_rows_are_group_rows_and_entities_are_decoded():
    plan = load(REAL / "1997-almaty-obl-okhrana-truda.md").tables[0]
    spanning = [row.cells[0] for row in plan.rows if len(row.cells) == 1]
    assert [c.text for c in spanning] == [g["text"] for g in _expected("1997-almaty-obl-okhrana-truda")["groups"]]
    assert all(c.colspan == 4 and c.column == 0 for c in spanning)
    second = next(row for row in plan.rows if row.cells[0].text == "2.")
    assert '"Об охране труда"' in second.cells[1].text and "&quot;" not in second.cells[1].text
    # a cell printed on two lines keeps both, and says which source lines they were
    deadline = plan.rows[0].cells[3]
    assert deadline.text == "Срок\nисполнения"
    assert [_lines("1997-almaty-obl-okhrana-truda")[n - 1] for n in deadline.lines] == ["Срок", "исполнения"]


def test_1998_header_word_split_mid_word_is_kept_as_printed():
    plan = load(REAL / "1998-almaty-obl-sibirskaia-iazva.md").tables[0]
    cell = plan.rows[0].cells[2]
    assert cell.text == "Сроки исполне\nния"
    assert [_lines("1998-almaty-obl-sibirskaia-iazva")[n - 1] for n in cell.lines] == ["Сроки исполне", "ния"]


def test_text_around_the_tables_becomes_paragraphs():
    name = "2019-perepis-naseleniia-2021"
    lines = _lines(name)
    document = load(REAL / f"{name}.md")
    heading_line = next(i for i, line in enumerate(lines, 1) if line.startswith("## План мероприятий"))
    heading = next(p for p in document.paragraphs if p.position.line == heading_line)
    assert heading.heading == 2 and heading.text == lines[heading_line - 1][3:]
    assert document.paragraphs[0].heading == 1
    approved_line = next(i for i, line in enumerate(lines, 1) if line.startswith("> *Утвержден*"))
    approved = next(p for p in document.paragraphs if p.position.line == approved_line)
    assert approved.italic and approved.text.split("\n") == [
        line[3:].rstrip().rstrip("*") for line in lines[approved_line - 1:approved_line + 4]]
    assert approved.lines == tuple(range(approved_line, approved_line + 5))
    signature = next(p for p in document.paragraphs if p.text == "Премьер-Министр Республики Казахстан")
    assert signature.bold and "*" not in signature.text
    assert not any("<a" in p.text or "</a>" in p.text for p in document.paragraphs)
    # blocks are in reading order: the plan heading comes before the plan table
    blocks = document.blocks
    assert blocks.index(heading) < blocks.index(document.tables[0])


def test_indented_heading_of_a_pseudographic_plan():
    name = "2003-astana-borba-s-korruptsiei"
    lines = _lines(name)
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("    ## План мероприятий"))
    heading = next(p for p in load(REAL / f"{name}.md").paragraphs if p.position.line == line)
    assert heading.heading == 2 and heading.text == lines[line - 1].strip()[3:]


def test_rowspan_and_colspan_give_grid_columns_and_bold_and_breaks():
    html = ("<table>\n<tr><th rowspan=\"2\">№</th><th colspan=\"2\">Срок</th><td rowspan=\"3\">x</td></tr>\n"
            "<tr><th>начало</th><th>конец</th></tr>\n"
            "<tr><td><strong>Задача</strong> <b>1.</b></td><td>a<br>b</td><td><b>c</b> d</td></tr>\n</table>")
    table = read_markdown(html.split("\n")).tables[0]
    assert [(c.text, c.column, c.colspan, c.rowspan) for c in table.rows[0].cells] == [
        ("№", 0, 1, 2), ("Срок", 1, 2, 1), ("x", 3, 1, 3)]
    assert [(c.text, c.column) for c in table.rows[1].cells] == [("начало", 1), ("конец", 2)]
    third = table.rows[2].cells
    assert [(c.text, c.column, c.bold) for c in third] == [("Задача 1.", 0, True), ("a\nb", 1, False), ("c d", 2, False)]
    assert table.width == 4 and table.grid()[2][3] is table.rows[0].cells[2]
    assert [c.position.line for c in third] == [4, 4, 4]


def test_html_page_reads_as_the_markdown_rendering(tmp_path):
    name = "1998-almaty-obl-sibirskaia-iazva"
    lines = _lines(name)
    start = next(i for i, line in enumerate(lines) if line.startswith("<table>"))
    end = next(i for i, line in enumerate(lines) if line.startswith("</table>"))
    page = ["<!DOCTYPE html>", "<html><head><title>План</title></head>", "<body>", f"<h1>{lines[0][2:]}</h1>",
            "<p>Текст &laquo;решения&raquo;</p>", *lines[start:end + 1], "</body></html>"]
    path = tmp_path / "plan.txt"  # the extension says nothing: the content is an HTML page
    path.write_text("\n".join(page), encoding="utf-8")
    document = load(path)
    assert document.format == "html"
    assert document.paragraphs[0].heading == 1 and document.paragraphs[0].text == lines[0][2:]
    assert document.paragraphs[1].text == "Текст «решения»"
    markdown = load(REAL / f"{name}.md").tables[0]
    assert texts(document.tables[0]) == texts(markdown)
    # source lines are the page's: the table opens on its sixth line
    assert document.tables[0].position.line == 6
    assert document.tables[0].rows[0].cells[0].position.line == page.index("<td>№</td>") + 1


def test_html_page_without_a_table_is_a_clear_error(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text("<html><body><h1>Объявление</h1><p>Текст</p></body></html>", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        load(path)
    assert str(path) in str(error.value) and "no table in this HTML page" in str(error.value)
    assert read_page(path.read_text(encoding="utf-8")).paragraphs[0].heading == 1


def test_html_page_text_outside_paragraphs_is_kept_in_order(tmp_path):
    page = ["<html><body>", "Утвержден<br>решением акима", '<div class="act"><b>План</b> мероприятий',
            "<table><caption><b>Таблица 1</b></caption>", "<tr><td>1.</td><td>Мера</td></tr></table>",
            "Примечание: <span>расшифровка</span> аббревиатур", "</div>", "<!-- служебное -->Подпись", "</body></html>"]
    path = tmp_path / "page.html"
    path.write_text("\n".join(page), encoding="utf-8")
    document = load(path)
    kinds = [(type(b).__name__, b.text if hasattr(b, "text") else texts(b)) for b in document.blocks]
    assert kinds == [("Paragraph", "Утвержден\nрешением акима"), ("Paragraph", "План мероприятий"),
                     ("Paragraph", "Таблица 1"), ("Table", [["1.", "Мера"]]),
                     ("Paragraph", "Примечание: расшифровка аббревиатур"), ("Paragraph", "Подпись")]
    assert [p.position.line for p in document.paragraphs] == [2, 3, 4, 6, 8]
    assert document.paragraphs[2].bold


def test_gfm_pipe_table():
    lines = ["# План", "", "| № | Мероприятие | Срок |", "|---|:---|---:|", "| 1. | **Разработать** план | I квартал<br>2021 года |",
             "| 2. | Провести a \\| b | Постоянно |", "", "Текст после"]
    document = read_markdown(lines)
    (table,) = document.tables
    assert table.format == "markdown" and table.width == 3
    assert [c.text for c in table.rows[0].cells] == ["№", "Мероприятие", "Срок"] and all(c.header for c in table.rows[0].cells)
    assert [c.text for c in table.rows[1].cells] == ["1.", "Разработать план", "I квартал\n2021 года"]
    assert table.rows[2].cells[1].text == "Провести a | b" and table.rows[2].position.line == 6
    assert [p.text for p in document.paragraphs] == ["План", "Текст после"]


def test_a_layout_table_around_the_plan_is_opened():
    lines = ["<table><tr><td>", "Утвержден решением", "<table>", "<tr><td>1.</td><td>Мера</td></tr>", "</table>",
             "</td></tr></table>", "", "Конец"]
    document = read_markdown(lines)
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Table", "Paragraph"]
    (table,) = document.tables
    assert texts(table) == [["1.", "Мера"]] and table.position == table.position.__class__(line=3, table=1)
    assert document.paragraphs[0].text == "Утвержден решением" and document.paragraphs[1].text == "Конец"
