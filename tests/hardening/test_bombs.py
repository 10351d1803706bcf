"""Decompression bombs: a DOCX or PDF whose parts inflate past the limits is refused before parsing, saying
which part and how big, in a fraction of the time and memory parsing it would take.

The bombs are generated here, small on disk (a few hundred KB) and over the limit inflated.
"""
from __future__ import annotations

import io
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from graph import sources
from graph.errors import SourceError
from graph.sources import read_source
from graph.tables import load
from graph.tables import pdf as pdf_front

sys.path.insert(0, str(Path(__file__).parents[1] / "tables"))
from table_writers import write_docx, write_pdf  # noqa: E402

from graph.tables.model import Cell, Position, Row, Table  # noqa: E402

TABLE = Table([Row([Cell("Мероприятие", 0, header=True), Cell("Срок исполнения", 1, header=True)], Position(row=1)),
               Row([Cell("Провести семинар", 0), Cell("I квартал 2021 года", 1)], Position(row=2))], 2)


def _docx_with_document_xml(tmp_path: Path, inflated: int) -> Path:
    """A real DOCX whose word/document.xml is replaced by one that inflates to `inflated` bytes (spaces)."""
    good = write_docx(tmp_path / "good.docx", TABLE)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, src.read(info))
        with out.open("word/document.xml", "w") as member:  # streamed: the test never holds it all
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body>')
            block = b" " * (1 << 20)
            for _ in range(inflated // len(block)):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return bomb


def test_a_docx_whose_document_xml_inflates_past_the_limit_is_refused_naming_it(tmp_path):
    bomb = _docx_with_document_xml(tmp_path, sources.MAX_ZIP_MEMBER + (1 << 20))
    assert bomb.stat().st_size < 1_000_000  # small on disk
    started = time.perf_counter()
    with pytest.raises(SourceError) as refused:
        read_source(bomb)
    assert time.perf_counter() - started < 1.0  # refused from the zip index, not by inflating it
    message = str(refused.value)
    info = zipfile.ZipFile(bomb).getinfo("word/document.xml")
    assert info.file_size > sources.MAX_ZIP_MEMBER
    assert f"word/document.xml inflates to {info.file_size / 1e6:,.0f} MB ({info.compress_size:,} bytes compressed), " \
           "more than the 100 MB limit" in message


def test_a_docx_of_many_parts_that_inflate_past_the_total_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_ZIP_TOTAL", 50_000)  # the real total (250 MB) would take a big test file
    good = write_docx(tmp_path / "plan.docx", TABLE)
    total = sum(i.file_size for i in zipfile.ZipFile(good).infolist())
    assert total > 50_000
    with pytest.raises(SourceError, match=rf"inflates to {total / 1e6:,.0f} MB in all, more than the 0.05 MB limit"):
        read_source(good)


def test_a_docx_under_the_limits_is_read(tmp_path):
    path = write_docx(tmp_path / "plan.docx", TABLE)
    document = load(read_source(path))
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Провести семинар", "I квартал 2021 года"]


def _pdf_with_stream(tmp_path: Path, inflated: int) -> Path:
    compress = zlib.compressobj(9)
    block = b"0" * (1 << 20)
    body = b"".join(compress.compress(block) for _ in range(inflated // len(block))) + compress.flush()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
              b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
              b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n")
    offset = out.tell()
    out.write(b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream\nendobj\n")
    out.write(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(out.getvalue())
    return path, offset


def test_a_pdf_whose_content_stream_inflates_past_the_limit_is_refused_naming_the_object(tmp_path):
    bomb, offset = _pdf_with_stream(tmp_path, pdf_front.MAX_STREAM + (1 << 20))
    assert bomb.stat().st_size < 1_000_000
    started = time.perf_counter()
    with pytest.raises(SourceError, match=r"PDF object 4 0 \(at byte [\d,]+\) inflates to more than 100 MB"):
        load(read_source(bomb))
    assert time.perf_counter() - started < 5.0  # inflated once, up to the limit, not parsed


def test_a_pdf_of_more_pages_than_the_limit_is_refused(tmp_path, monkeypatch):
    path = write_pdf(tmp_path / "plan.pdf", TABLE)
    assert pdf_front.MAX_STREAM > 0 and load(read_source(path)).tables  # read under the limits
    monkeypatch.setattr(pdf_front, "MAX_PAGES", 0)
    with pytest.raises(SourceError, match=r"the PDF has 1 pages, more than 0"):
        load(read_source(path))


def test_a_pdf_stream_under_the_limit_is_counted_exactly():
    data = b"4 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + zlib.compress(b"x" * 123_456) + b"\nendstream"
    assert pdf_front._inflated_size(data, data.index(b"stream\n") + 7, 10**9) == 123_456
    assert pdf_front._inflated_size(data, data.index(b"stream\n") + 7, 1000) == 1000  # never past the bound
