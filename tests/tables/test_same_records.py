"""One plan, four formats, the same records: the real HTML plans' tables written out as DOCX
(python-docx), PDF (reportlab, ruled) and a pseudographic text table with intact spacing, read back
through the whole reader (front end + action-plan layout layer) to the measures and groups the HTML gives."""
from __future__ import annotations

import re

import pytest

from graph.normalize.places import Gazetteer
from graph.readers import ReadContext, read_document
from graph.sources import read_source
from graph.tables import load
from table_writers import REAL, write_docx, write_pdf, write_pseudographic

PLANS = ["1997-almaty-obl-okhrana-truda", "1998-almaty-obl-sibirskaia-iazva", "2019-perepis-naseleniia-2021"]


def _records(path):
    source = read_source(path)
    return read_document(source, ReadContext(source=source, gazetteer=Gazetteer.load()))


def _measures(records):
    groups = {t.number: (t.printed, t.title, t.kind) for t in records.tasks}
    return [(m.number, m.printed_number, groups.get(m.task), _unbroken(m.title), _unbroken(m.deadline.text),
             m.deadline.kind, m.executors_text, [r.organisation for r in m.responsibilities], m.completion_form,
             m.cost.text if m.cost else None, m.funding_text, m.funding, m.ditto) for m in records.measures]


def _unbroken(text: str) -> str:
    """Hyphens between letters left out of the comparison. The HTML keeps words as published, broken by a
    hyphen and a line break («В соответ- ствии», «ветеринарно- санитарным»); a typeset format (PDF, text
    table) that breaks a line there rejoins the word — without the hyphen where the document prints the
    word whole elsewhere, with it where it prints such a compound — as it must."""
    return re.sub(r"(?<=\w)- ?(?=\w)", "", text)


def _glossary(document) -> list[str]:
    """The census plan's glossary table as «ABBR – expansion» lines (the list form of a glossary)."""
    tables = document.tables[1:]
    return [" – ".join(c.text for c in row.cells if c.text.strip() not in ("–", "-")) for t in tables for row in t.rows]


def _write(fmt, tmp_path, name):
    html = load(REAL / f"{name}.md")
    table = html.tables[0]
    heading = next(p.text for p in reversed(html.blocks[:html.blocks.index(table)]) if p.heading)
    glossary = _glossary(html)
    after = ("Расшифровка аббревиатур:", *glossary) if glossary else ()
    if fmt == "docx":
        path = write_docx(tmp_path / "plan.docx", table, heading=heading)
        if glossary:
            import docx

            document = docx.Document(path)
            for text in after:
                document.add_paragraph(text)
            document.save(path)
        return path
    if fmt == "pdf":
        return write_pdf(tmp_path / "plan.pdf", table, heading=heading, after=after)
    # wide enough that no word of the HTML is broken by the text table (a broken word would be rejoined,
    # which the HTML, printing «соответ- ствии» as published, does not do)
    widths = [8, 40, 24, 30, 24, 24, 24][: table.width] if table.width > 4 else [8, 46, 34, 56]
    lines = write_pseudographic(table, widths, header_rows=2)
    path = tmp_path / "plan.txt"
    path.write_text("\n".join([f"## {heading}", "", *lines, "", *after, ""]), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["docx", "pdf", "pseudographic"])
@pytest.mark.parametrize("name", PLANS)
def test_every_format_gives_the_records_of_the_html(tmp_path, name, fmt):
    original = _records(REAL / f"{name}.md")
    written = _records(_write(fmt, tmp_path, name))
    assert written.plan.layout == "action-plan"
    assert written.plan.title == original.plan.title
    assert [(t.printed, t.title, t.kind) for t in written.tasks] == [(t.printed, t.title, t.kind) for t in original.tasks]
    assert _measures(written) == _measures(original)
    # positions follow the format: lines for text, table/row for DOCX and PDF (and pages for PDF)
    first = written.measures[0].prov
    if fmt == "pseudographic":
        assert first.lines
    else:
        assert first.table == 1 and first.rows and not first.lines
    if fmt == "pdf":
        assert first.pages == [1]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_plan_without_lines_builds_a_valid_graph_placed_by_table_and_row(tmp_path, fmt):
    """DOCX and PDF have no lines: the graph places what their tables give by table and row, and validates."""
    from click.testing import CliRunner
    from rdflib import Graph, URIRef

    from graph.cli import cli

    path = _write(fmt, tmp_path, "1998-almaty-obl-sibirskaia-iazva")
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out"), "--no-docs"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "out" / "rdf" / "all.nt", format="nt")
    pkg = "https://w3id.org/policykg/ontology#"
    first = next(s for s in graph.subjects(URIRef(pkg + "sourceTable"), None) if str(s).endswith("/measure/1-1"))
    assert graph.value(first, URIRef(pkg + "sourceTable")).toPython() == 1
    assert graph.value(first, URIRef(pkg + "sourceRow")).toPython() == 4  # header, column numbers, group row
    assert not list(graph.objects(None, URIRef(pkg + "sourceLine")))
