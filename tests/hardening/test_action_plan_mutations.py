"""Mutated action plans lose no row: each is in a record, a skip or a finding, or the document is refused.

The action-plan reader reads a document model (graph/tables/model.py), so the mutations are made on it, the
same for every format: the five real plans of tests/data/real/ (HTML and collapsed text tables), the layout
test's akimat and ministry plans and one plan written as DOCX. Rows of a plan table are deleted, duplicated, moved (above
the header too), group rows dropped. A numbered row is a row whose first cell with text is a number («3»,
«1.2.»). Beyond the safety net (graph/accounting.py, which turns any unnamed row into a finding), the reader
itself must name every row with text: an `unaccounted-*` finding fails the test. Bounded: a fixed number of examples
per document, derandomised so CI is repeatable.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.accounting import accounted_lines, record_positions, unaccounted_blocks
from graph.errors import SourceError
from graph.normalize.places import Gazetteer
from graph.readers import ReadContext, actionplan
from graph.records import DocumentRecords
from graph.sources import read_source
from graph.tables import load
from graph.tables.model import Cell, Document, Paragraph, Position, Row, Table

sys.path.insert(0, str(Path(__file__).parents[1] / "tables"))
sys.path.insert(0, str(Path(__file__).parents[1] / "readers"))
from table_writers import write_docx  # noqa: E402
from test_action_plan_layouts import AKIMAT_PLAN, MINISTRY_PLAN  # noqa: E402

REAL = Path(__file__).parents[1] / "data" / "real"
NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*\.?(\s|$)")  # alone or at the start of the cell («1. Создать …»)
GAZETTEER = Gazetteer.load()


def _source(tmp: Path, name: str, text: str | None = None):
    path = tmp / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return read_source(path)


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """name → (source, document model), each loaded once."""
    tmp = tmp_path_factory.mktemp("plans")
    out = {p.stem: (read_source(p), load(read_source(p))) for p in sorted(REAL.glob("[12]*.md"))}
    out["akimat"] = (source := _source(tmp, "akimat.md", AKIMAT_PLAN), load(source))
    out["ministry"] = (source := _source(tmp, "ministry.md", MINISTRY_PLAN), load(source))
    html = out["1998-almaty-obl-sibirskaia-iazva"][1]
    docx = write_docx(tmp / "plan.docx", html.tables[0], heading="План мероприятий по профилактике сибирской язвы",
                      paragraphs=("Утвержден постановлением акимата Алматинской области от 2 марта 1998 года № 12",))
    out["docx"] = (read_source(docx), load(read_source(docx)))
    return out


def read(source, document):
    context = ReadContext(source=source, gazetteer=GAZETTEER)
    records = actionplan.read_document_model(document, source, context)
    return records, context.findings


def numbered_rows(document: Document) -> list[tuple[int, int, tuple[int, ...]]]:
    """(table, row, lines) of each row whose first cell with text is or starts with a number."""
    out = []
    for i, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            first = next((c.text.strip() for c in row.cells if c.text.strip()), "")
            if NUMBER.match(first):
                out.append((table.position.table or i, r, row.lines))
    return out


def text_rows(document: Document) -> list[tuple[int, int, tuple[int, ...]]]:
    """(table, row, lines) of each row with text (the ministry plan numbers none of its measures)."""
    return [(table.position.table or i, r, row.lines) for i, table in enumerate(document.tables, 1)
            for r, row in enumerate(table.rows, 1) if any(c.text.strip() for c in row.cells)]


def lost_rows(document, records, findings) -> list[tuple[int, int]]:
    """The rows with text that no record, skip or finding names (numbered rows among them)."""
    positions = record_positions(records) | record_positions(list(findings))
    lines = accounted_lines(records, findings)
    return [(t, r) for t, r, own in text_rows(document)
            if ("row", t, r) not in positions and not (own and set(own) <= lines)]


def mutate(document: Document, operations) -> Document:
    document = copy.deepcopy(document)
    tables = [t for t in document.tables if len(t.rows) > 2]
    for kind, a, b in operations:
        table = tables[a % len(tables)]
        rows = table.rows
        i, j = a % len(rows), b % len(rows)
        if kind == "delete" and len(rows) > 3:
            del rows[i]
        elif kind == "duplicate":
            rows.insert(j, copy.deepcopy(rows[i]))
        elif kind == "move":
            rows.insert(j, rows.pop(i))
        elif kind == "above header":  # a body row moved to the top of its table
            rows.insert(0, rows.pop(max(i, len(rows) // 2)))
        elif kind == "drop groups":  # every one-cell row (a group heading across the table) lost
            kept = [row for row in rows if len([c for c in row.cells if c.text.strip()]) != 1]
            rows[:] = kept if len(kept) > 2 else rows
        elif kind == "drop headings":  # the headings between tables lost
            document.blocks = [blk for blk in document.blocks if not (isinstance(blk, Paragraph) and blk.heading)]
    for table in document.tables:  # spans cut by a mutation must not reach past the table
        for r, row in enumerate(table.rows):
            for cell in row.cells:
                cell.rowspan = min(cell.rowspan, len(table.rows) - r)
    return document


OPERATIONS = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "move", "above header", "drop groups",
                                                 "drop headings"]),
                                st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=3)
NAMES = ["1997-almaty-obl-okhrana-truda", "1998-almaty-obl-sibirskaia-iazva", "2003-astana-borba-s-korruptsiei",
         "2003-astana-reabilitatsiia-invalidov", "2019-perepis-naseleniia-2021", "akimat", "ministry", "docx"]


@pytest.mark.parametrize("name", NAMES)
def test_the_unmutated_plans_name_every_row_and_paragraph(documents, name):
    source, document = documents[name]
    records, findings = read(source, document)
    assert (name == "ministry" or numbered_rows(document)) and not lost_rows(document, records, findings)
    assert not [f for f in findings if f.kind.startswith("unaccounted") or f.kind == "paragraph-between-tables"]


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_no_row_of_a_mutated_plan_is_lost_silently(documents, name, operations):
    source, document = documents[name]
    mutated = mutate(document, operations)
    try:
        records, findings = read(source, mutated)
    except SourceError:
        return  # refused, saying why: not a silent loss
    assert not lost_rows(mutated, records, findings)
    assert not [f.message for f in findings if f.kind.startswith("unaccounted")]
    keys = [m.number for m in records.measures]
    assert len(keys) == len(set(keys))  # two rows are never merged into one measure


def test_the_safety_net_names_a_row_and_a_paragraph_no_record_names():
    table = Table([Row([Cell("1", 0, lines=(5,)), Cell("Провести семинар", 1, lines=(5,))], Position(line=5, table=1, row=1)),
                   Row([Cell("2", 0), Cell("Издать приказ", 1)], Position(table=1, row=2))], 2, Position(table=1))
    document = Document([Paragraph("Примечание", Position(paragraph=1)), table], "docx")
    records = DocumentRecords(plan=None)
    found = unaccounted_blocks(document, records, [], "doc")
    assert [(f.kind, f.lines, f.data.get("positions"), f.data.get("paragraphs")) for f in found] == [
        ("unaccounted-rows", [5], [[1, 1], [1, 2]], None), ("unaccounted-paragraphs", [], None, [1])]
    assert not unaccounted_blocks(document, records, found, "doc")  # the findings name them: accounted


def test_a_lost_section_heading_is_a_finding_on_the_measures_it_leaves_out(documents):
    source, document = documents["2003-astana-borba-s-korruptsiei"]
    mutated = copy.deepcopy(document)
    table = mutated.tables[0]
    heading = next(r for r, row in enumerate(table.rows) if re.match(r"3\.\s", row.cells[0].text.strip()))
    del table.rows[heading]
    records, findings = read(source, mutated)
    found = [(f.subject, f.data["group"]) for f in findings if f.kind == "measure-outside-group"]
    assert found == [(f"measure 3.{n}.", 2) for n in range(1, 16)]  # the fifteen measures of section 3, under 2


def test_a_numbering_that_restarts_in_one_group_is_a_finding_and_no_measure_is_merged(documents):
    source, document = documents["1997-almaty-obl-okhrana-truda"]
    mutated = copy.deepcopy(document)
    table = mutated.tables[0]
    group = next(r for r, row in enumerate(table.rows) if row.cells[0].text.strip().startswith("II."))
    del table.rows[group]
    records, findings = read(source, mutated)
    restarts = [(f.subject, f.data["rows"]) for f in findings if f.kind == "numbering-restarts"]
    assert restarts == [("measure 1.", [group + 1])]  # the row that followed the lost heading
    duplicates = [f.subject for f in findings if f.kind == "duplicate-number"]
    assert duplicates == [f"measure 1-{n}-{n + 6}" for n in range(1, 7)]  # six numbers printed twice in group 1
    assert len(records.measures) == 23 and len({m.number for m in records.measures}) == 23


def test_a_measure_row_moved_above_the_header_is_a_finding_and_the_plan_is_still_read(documents):
    source, document = documents["1998-almaty-obl-sibirskaia-iazva"]
    mutated = copy.deepcopy(document)
    table = mutated.tables[0]
    seventh = next(r for r, row in enumerate(table.rows) if row.cells[0].text.strip() == "7.")
    table.rows.insert(0, table.rows.pop(seventh))
    records, findings = read(source, mutated)
    found = [(f.data["table"], f.data["rows"], f.data["texts"][0]) for f in findings if f.kind == "row-above-header"]
    assert found == [(1, [1], "7.")]
    unmutated, _ = read(source, document)
    assert [m.printed_number for m in records.measures] == [m.printed_number for m in unmutated.measures
                                                             if m.prov.rows != unmutated.measure("1-7").prov.rows]
