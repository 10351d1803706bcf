"""Pseudographic tables: detection of collapsed spacing on the real plans, the rebuilt header, the
handoff to graph.tables.collapsed, and tables with intact spacing written from a real plan."""
from __future__ import annotations

import json
import sys
import types

import pytest

from graph.sources import read_source
from graph.tables import load, pseudographic
from graph.tables.markdown import read_markdown
from graph.tables.model import Table
from table_writers import REAL, texts, write_pseudographic

REHAB = "2003-astana-reabilitatsiia-invalidov"
CORRUPTION = "2003-astana-borba-s-korruptsiei"


def _lines(name):
    return read_source(REAL / f"{name}.md").lines


def _line_of(lines, start, prefix=""):
    """1-based number of the first line at or after `start` (1-based) that begins with `prefix` once stripped."""
    return next(i for i in range(start, len(lines) + 1) if lines[i - 1].strip().startswith(prefix) and lines[i - 1].strip())


def test_rehabilitation_plan_statistics_tables_are_separate_and_all_collapsed():
    lines = _lines(REHAB)
    regions = pseudographic.find_tables(lines)
    assert len(regions) == 3 and all(r.collapsed for r in regions)
    headings = [next(i for i, line in enumerate(lines, 1) if line.startswith(f"## {title}"))
                for title in ("Динамика первичной", "Выполнение реабилитационных", "План мероприятий")]
    for region, heading in zip(regions, headings):
        top = _line_of(lines, heading + 1)  # the first line after each table's heading is its top rule
        assert region.start + 1 == top and pseudographic.is_rule(lines[top - 1])
    # each table ends at its own closing rule, before the next one's heading
    assert regions[0].end < headings[1] and regions[1].end < headings[2]
    assert regions[2].closing + 1 == max(i for i, line in enumerate(lines, 1) if line.strip())
    # the body starts after the header rule, with the first group heading of the plan kept as printed
    plan = regions[2]
    assert lines[plan.body[0]] == "## 1. Медицинская реабилитация"
    assert all(lines[k].strip() for k in plan.body)


def test_rehabilitation_plan_header_rebuilt_with_hyphen_breaks_rejoined():
    lines = _lines(REHAB)
    regions = pseudographic.find_tables(lines)
    expected = json.loads((REAL / "expected" / f"{REHAB}.json").read_text(encoding="utf-8"))["columns"]
    assert pseudographic.collapsed_header(lines, regions[2]) == expected
    first = pseudographic.collapsed_header(lines, regions[0])
    assert first == ["", "1999 год", "%", "2000 год", "%", "2001 год", "%", "2002 год", "%"]
    # a group header («1999 год») over two sub-columns («абс.», «%»), separated by a partial rule
    second = pseudographic.collapsed_header(lines, regions[1])
    assert second[:3] == ["", "1999 год абс.", "1999 год %"] and second[-1] == "2002 год %"


def test_corruption_plan_is_collapsed_and_runs_to_the_end_of_the_document():
    lines = _lines(CORRUPTION)
    (region,) = pseudographic.find_tables(lines)
    assert region.collapsed and region.closing is None and region.end == len(lines)
    expected = json.loads((REAL / "expected" / f"{CORRUPTION}.json").read_text(encoding="utf-8"))["columns"]
    assert pseudographic.collapsed_header(lines, region) == expected
    assert lines[region.body[0]].startswith("## 1. Анализ")
    assert lines[region.body[-1]] == lines[max(i for i, line in enumerate(lines) if line.strip())]


def test_collapsed_tables_are_handed_to_the_rebuild(monkeypatch):
    """The rebuild (another engineer's module) gets the rebuilt header and every body line; what it
    leaves becomes paragraphs. A stand-in module records the calls."""
    calls = []

    def rebuild(header, lines, *, table):
        calls.append((header, lines, table))
        return Table([], len(header), format="collapsed"), lines[-1:]

    monkeypatch.setitem(sys.modules, "graph.tables.collapsed", types.SimpleNamespace(rebuild=rebuild))
    monkeypatch.setattr("graph.tables.collapsed", sys.modules["graph.tables.collapsed"], raising=False)
    lines = _lines(REHAB)
    document = load(REAL / f"{REHAB}.md")
    assert [table for _, _, table in calls] == [1, 2, 3] and len(document.tables) == 3
    header, body, _ = calls[2]
    assert header[0] == "Мероприятия" and len(header) == 6
    assert body[0] == (_line_of(lines, 484), "## 1. Медицинская реабилитация")
    assert all(text == lines[n - 1] and text.strip() for n, text in body)
    last_line, last_text = body[-1]
    leftover = next(p for p in document.paragraphs if p.position.line == last_line)
    assert leftover.text == last_text.strip()


INTACT_PLAN = "1998-almaty-obl-sibirskaia-iazva"
WIDTHS = [5, 40, 14, 30]


@pytest.fixture(scope="module")
def html_plan():
    return load(REAL / f"{INTACT_PLAN}.md").tables[0]


@pytest.mark.parametrize("style", [
    dict(column="!", row="-"),
    dict(column="|", row="="),
    dict(column="│", row="─", border=False),  # a group row without outer borders has no rule on it
    dict(column="¦", row="_", row_rules=False, header_rows=2),  # rows closed by a new number in the first column
])
def test_intact_table_reads_cell_for_cell_as_the_html(html_plan, style):
    lines = write_pseudographic(html_plan, WIDTHS, **style)
    (table,) = read_markdown(lines).tables
    assert table.format == "pseudographic" and table.width == 4
    assert texts(table) == texts(html_plan)
    group = next(row for row in table.rows if len(row.cells) == 1)
    assert group.cells[0].colspan == 4 and group.cells[0].text == "Организационно-хозяйственные мероприятия:"
    # a cell rebuilt from many printed lines keeps them as fragments, with their line numbers
    second = next(row for row in table.rows if row.cells[0].text == "2.")
    title = second.cells[1]
    assert len(title.lines) == title.text.count("\n") + 1 > 3
    assert [lines[n - 1].count(title.text.split("\n")[1]) for n in title.lines[1:2]] == [1]
    assert all(c.header for c in table.rows[0].cells)


def test_intact_table_inside_a_fence_and_indented(html_plan):
    lines = ["Текст до таблицы", "", "```"] + ["    " + line for line in write_pseudographic(html_plan, WIDTHS)] + ["```", "", "Подпись"]
    document = read_markdown(lines)
    (table,) = document.tables
    assert texts(table) == texts(html_plan)
    assert [p.text for p in document.paragraphs] == ["Текст до таблицы", "Подпись"]
    assert table.rows[0].cells[0].position.line == 5


def test_group_header_over_sub_columns_in_an_intact_table():
    lines = [
        "+------+-----------+-----------+",
        "! Год  !  Мужчины  !  Женщины  !",
        "!      +-----+-----+-----+-----+",
        "!      ! абс.!  %  ! абс.!  %  !",
        "+------+-----+-----+-----+-----+",
        "! 2001 ! 10  ! 50  ! 10  ! 50  !",
        "+------+-----+-----+-----+-----+",
    ]
    (table,) = read_markdown(lines).tables
    top, sub, body = table.rows
    assert [(c.text, c.column, c.colspan, c.rowspan) for c in top.cells] == [
        ("Год", 0, 1, 2), ("Мужчины", 1, 2, 1), ("Женщины", 3, 2, 1)]
    assert [(c.text, c.column) for c in sub.cells] == [("абс.", 1), ("%", 2), ("абс.", 3), ("%", 4)]
    assert [c.text for c in body.cells] == ["2001", "10", "50", "10", "50"]


@pytest.mark.parametrize("fragments, text", [
    (["Предпо-", "лагае-", "мые", "расходы"], "Предполагаемые расходы"),
    (["Источ-", "ник", "финан-", "сирова-", "ния"], "Источник финансирования"),
    (["Управление информа-", "ции и общественного"], "Управление информации и общественного"),
    (["социально-", "Экономический"], "социально- Экономический"),  # capital: not a broken word
    (["N", "", "п/п"], "N п/п"),
])
def test_rejoin(fragments, text):
    assert pseudographic.rejoin(fragments) == text


def test_text_with_exclamation_marks_is_not_a_table():
    lines = ["Внимание! Важно! Срочно!", "", "Обычный текст.", "-" * 20, "Ещё текст"]
    assert pseudographic.find_tables(lines) == []


def test_rows_without_rules_close_at_a_number_opening_the_first_column():
    """As in the rehabilitation plan's layout: the number is printed at the start of the measure's text."""
    lines = [
        "!-----------------!-----------!",
        "!Мероприятия      !Срок       !",
        "!-----------------!-----------!",
        "!1. Создать ко-   !I квартал  !",
        "!ординационный    !2003 г.    !",
        "!Совет.           !           !",
        "!2. Представить   !Постоянно  !",
        "!обоснование.     !           !",
        "!-----------------!-----------!",
    ]
    (table,) = read_markdown(lines).tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Мероприятия", "Срок"], ["1. Создать ко-\nординационный\nСовет.", "I квартал\n2003 г."],
        ["2. Представить\nобоснование.", "Постоянно"]]
    assert table.rows[1].cells[0].lines == (4, 5, 6)
