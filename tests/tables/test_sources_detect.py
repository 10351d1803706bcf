"""Sources in any encoding or binary format, recognised by content; the TSV front end."""
from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from graph.errors import SourceError
from graph.paths import BUNDLED_SOURCES
from graph.sources import read_source
from graph.tables import load, pseudographic
from graph.tables.detect import detect
from table_writers import REAL, write_docx

PLAN = REAL / "1998-almaty-obl-sibirskaia-iazva.md"
PSEUDO = REAL / "2003-astana-borba-s-korruptsiei.md"


@pytest.mark.parametrize("source, encoding", [(PLAN, "cp1251"), (PSEUDO, "koi8_r")])
def test_cyrillic_code_page_is_detected_and_said(tmp_path, source, encoding):
    text = source.read_text(encoding="utf-8")
    path = tmp_path / "plan.md"
    path.write_bytes(text.encode(encoding))
    read = read_source(path)
    assert read.lines == read_source(source).lines
    assert read.encoding == encoding and encoding in read.encoding_note
    assert load(path).notes[0] == read.encoding_note


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_unicode_with_a_byte_order_mark(tmp_path, bom, codec):
    text = PLAN.read_text(encoding="utf-8")
    path = tmp_path / "plan.md"
    path.write_bytes(bom + text.encode(codec))
    read = read_source(path)
    assert read.lines == read_source(PLAN).lines and read.encoding_note is None
    assert load(path).tables[0].rows[0].cells[1].text == "Наименование мероприятий"


def test_a_nul_in_a_text_file_is_reported_with_its_line(tmp_path):
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4][:10] + "\x00" + lines[4][10:]
    path = tmp_path / "plan.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        read_source(path)
    assert error.value.line == 5 and "NUL" in error.value.reason


def test_short_text_in_an_unknown_code_page_is_not_guessed(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("Срок".encode("cp1251"))
    with pytest.raises(SourceError) as error:
        read_source(path)
    assert "not valid UTF-8" in str(error.value) and error.value.line == 1


def test_binary_documents_are_sources_with_their_bytes(tmp_path):
    table = load(PLAN).tables[0]
    docx_path = write_docx(tmp_path / "plan.pdf", table)  # a DOCX misnamed .pdf is still a DOCX
    source = read_source(docx_path)
    assert (source.kind, source.lines, source.encoding) == ("docx", (), None)
    assert source.data == docx_path.read_bytes() and len(source.sha256) == 64
    assert detect(source) == "docx"


def test_a_zip_that_is_not_docx_and_an_old_doc_are_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    path = tmp_path / "plan.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(SourceError, match="zip archive without word/document.xml"):
        read_source(path)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(SourceError, match="old binary Word"):
        read_source(path)


@pytest.mark.parametrize("name, kind", [
    ("1997-almaty-obl-okhrana-truda.md", "markdown"),
    ("2003-astana-borba-s-korruptsiei.md", "markdown"),
])
def test_real_plans_are_markdown(name, kind):
    assert detect(read_source(REAL / name)) == kind


def test_pseudographic_text_without_markdown_is_read_as_such(tmp_path):
    lines = PSEUDO.read_text(encoding="utf-8").split("\n")
    plain = [line for line in lines if not line.lstrip().startswith(("#", ">"))]
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(plain), encoding="utf-8")
    source = read_source(path)
    assert detect(source) == "markdown"
    (region,) = pseudographic.find_tables(source.lines)
    assert region.collapsed and pseudographic.collapsed_header(source.lines, region)[1] == "Мероприятия"


@pytest.mark.parametrize("name", ["000_d466afb8a09bde20.txt", "004_9c6dcb8432dd657d.txt"])
def test_bundled_examples_are_tab_separated_tables(name):
    path = BUNDLED_SOURCES / name
    source = read_source(path)
    assert detect(source) == "tsv"
    document = load(source)
    (table,) = document.tables
    assert document.format == "text" and table.format == "tsv"
    tabbed = [n for n, line in enumerate(source.lines, 1) if "\t" in line]
    rows = {row.position.line: row for row in table.rows}
    for n in tabbed:  # a row per line with a tab, a cell per tab, each at its line
        assert [c.text for c in rows[n].cells] == [part.strip() for part in source.line(n).split("\t")]
    inside = [n for n in range(tabbed[0], tabbed[-1] + 1) if source.line(n).strip()]
    assert sorted(rows) == inside  # the lines without a tab inside the table are rows of one cell
    outside = [p.position.line for p in document.paragraphs]
    assert all(n < tabbed[0] or n > tabbed[-1] for n in outside)
    assert len(outside) + len(inside) == sum(1 for line in source.lines if line.strip())


def test_html_page_in_its_declared_charset(tmp_path):
    page = ('<?xml version="1.0"?>\n<!-- saved page -->\n<html><head><meta http-equiv="Content-Type" '
            'content="text/html; charset=windows-1251"></head>\n<body><table><tr><td>Срок</td></tr></table></body></html>')
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1251"))
    source = read_source(path)
    assert source.encoding == "cp1251" and "declares" in source.encoding_note
    document = load(source)
    assert document.format == "html" and document.tables[0].rows[0].cells[0].text == "Срок"
