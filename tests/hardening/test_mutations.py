"""Mutated documents lose no numbered row: each is in a record, a skip or a finding, or the document is refused.

Hypothesis mutates the bundled roadmap and grant plan and a tab-separated action plan written here (lines
deleted, moved — above the header too —, duplicated, swapped, tabs turned to spaces, blank lines added) and
reads each result as the build does (`graph.pipeline.read_one`). A numbered row is a tab-separated line
whose first cell is a number («3», «1.2», «2.»). The run is bounded (a fixed number of examples per reader,
derandomised so CI is repeatable).
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.accounting import accounted_lines
from graph.errors import SourceError
from graph.pipeline import read_one
from graph.sources import read_source
from graph.paths import BUNDLED_SOURCES

ROADMAP = BUNDLED_SOURCES / "000_d466afb8a09bde20.txt"
GRANT_PLAN = BUNDLED_SOURCES / "004_9c6dcb8432dd657d.txt"

NUMBERED = re.compile(r"^\s*\d+(\.\d+)*\.?\s*$")

ACTION_PLAN = """Утвержден
постановлением акимата Карагандинской области
от 12 марта 2021 года № 18/02

План мероприятий по поддержке семей на 2021-2022 годы

№\tНаименование мероприятия\tФорма завершения\tСрок исполнения\tОтветственные исполнители
\tЗадача 1. Доступность услуг\t\t\t
1\tОткрыть центры поддержки семей\tотчет в акимат\tIV квартал 2021 года\tуправление координации занятости
2\tПровести обучение специалистов\tинформация\tежегодно, до 1 июля\tуправление образования
3\tИздать методические рекомендации\tприказ\tдо 1 декабря 2021 года\tуправление здравоохранения
\tЗадача 2. Информирование\t\t\t
4\tПровести информационную кампанию\tпубликации в СМИ\t2021-2022 годы\tуправление внутренней политики
5\tСоздать горячую линию\tинформация в акимат\tI квартал 2022 года\tуправление координации занятости
"""

DOCUMENTS = {
    "roadmap": ROADMAP.read_text(encoding="utf-8"),
    "grant-plan": GRANT_PLAN.read_text(encoding="utf-8"),
    "action-plan": ACTION_PLAN,
}


def numbered_rows(lines: list[str]) -> list[int]:
    return [n for n, line in enumerate(lines, 1) if "\t" in line and NUMBERED.match(line.split("\t")[0])]


def mutate(lines: list[str], operations) -> list[str]:
    lines = list(lines)
    for kind, a, b in operations:
        i, j = a % len(lines), b % len(lines)
        if kind == "delete" and len(lines) > 2:
            del lines[i]
        elif kind == "move":
            lines.insert(j, lines.pop(i))
        elif kind == "duplicate":
            lines.insert(j, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "spaces":
            lines[i] = lines[i].replace("\t", "    ")
        elif kind == "blank":
            lines.insert(i, "")
    return lines


OPERATIONS = st.lists(st.tuples(st.sampled_from(["delete", "move", "duplicate", "swap", "spaces", "blank"]),
                                st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=3)


def read_mutated(layout: str, lines: list[str]):
    """(records, findings) of the mutated text, or None when the reader refused it with a SourceError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mutated-{layout}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            return read_one(read_source(path), curation_dir=None)
        except SourceError:
            return None  # refused, naming the line: not a silent loss


@pytest.mark.parametrize("layout", sorted(DOCUMENTS))
def test_the_unmutated_documents_account_for_every_numbered_row(layout):
    lines = DOCUMENTS[layout].splitlines()
    records, findings = read_mutated(layout, lines)
    assert records.plan.layout == layout
    assert set(numbered_rows(lines)) <= accounted_lines(records, findings)
    assert not [f for f in findings if f.kind == "unaccounted-lines"]


@pytest.mark.parametrize("layout", sorted(DOCUMENTS))
@settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS)
def test_no_numbered_row_is_lost_silently(layout, operations):
    lines = mutate(DOCUMENTS[layout].splitlines(), operations)
    read = read_mutated(layout, lines)
    if read is None:
        return
    records, findings = read
    lost = set(numbered_rows(lines)) - accounted_lines(records, findings)
    assert not lost, [lines[n - 1][:60] for n in sorted(lost)]


def _item_1_2_moved_above_the_header():
    """The bundled grant plan with item 1.2's row moved above the table header: (header line, the mutated read,
    the unmutated records)."""
    lines = DOCUMENTS["grant-plan"].splitlines()
    header = next(n for n, line in enumerate(lines, 1) if "Территория реализации" in line and "\t" in line)
    item = next(n for n, line in enumerate(lines, 1) if line.startswith("1.2\t"))
    moved = lines[:header - 1] + [lines[item - 1]] + lines[header - 1:item - 1] + lines[item:]
    records, findings = read_mutated("grant-plan", moved)
    unmutated, _ = read_mutated("grant-plan", lines)
    return header, records, findings, unmutated


def test_an_item_row_moved_above_the_header_is_a_finding_with_its_line():
    header, records, findings, unmutated = _item_1_2_moved_above_the_header()
    found = [f for f in findings if f.kind == "row-above-header"]
    # the continuation lines that followed item 1.1 where 1.2 was printed (1.1's four territory lines and 1.2's
    # own, lines shifted by one for the moved row) go with the finding: none is attached to item 1.1
    before = unmutated.items[0].prov.lines[1:] + unmutated.items[1].prov.lines[1:2]
    assert [(f.lines, f.subject, f.data["continuation"]) for f in found] == [
        ([header] + [n + 1 for n in before[:4]] + before[4:], "item 1.2", [n + 1 for n in before[:4]] + before[4:])]
    assert "1.2" not in [i.number for i in records.items]
    assert records.item("1.1").allocations == [] and records.item("1.1").prov.lines == [unmutated.item("1.1").prov.lines[0] + 1]
    assert records.plan.title == unmutated.plan.title  # the row is not read into the title


def test_the_end_of_a_territory_whose_start_moved_away_is_a_finding_not_a_place_of_the_next_item():
    header, records, findings, unmutated = _item_1_2_moved_above_the_header()
    # 1.2's territory «Баткенская обл. (Лейлекский и …» was finished on item 1.3's row (a page break)
    opened = unmutated.item("1.2").allocations[0]
    closing = opened.prov.lines[-1]
    assert DOCUMENTS["grant-plan"].splitlines()[closing - 1].startswith("1.3\t")
    fragments = [(f.lines, f.subject, f.data["text"]) for f in findings if f.kind == "territory-fragment"]
    assert [(lines, subject) for lines, subject, _ in fragments] == [([closing], "item 1.3")]
    assert opened.territory_text.endswith(fragments[0][2])
    assert [a.territory_text for a in records.item("1.3").allocations] == \
        [a.territory_text for a in unmutated.item("1.3").allocations]


def test_a_missing_section_heading_is_a_finding_on_the_first_item_it_leaves_out():
    lines = DOCUMENTS["grant-plan"].splitlines()
    heading = next(n for n, line in enumerate(lines, 1) if re.match(r"^2\.\s+\S", line))
    first_item = next(n for n, line in enumerate(lines, 1) if line.startswith("2.1\t"))
    records, findings = read_mutated("grant-plan", lines[:heading - 1] + lines[heading:])
    found = [f for f in findings if f.kind == "item-outside-section"]
    assert [(f.subject, f.lines, f.data["section"]) for f in found] == [
        ("item 2.1", [first_item - 1], 1), ("item 2.2", [next(n for n, line in enumerate(lines, 1) if line.startswith("2.2\t")) - 1], 1)]
