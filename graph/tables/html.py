"""HTML tables and pages → the document model, with lxml's HTML parser.

A cell's text keeps its printed lines: `<br>`, block elements (`<p>`, `<div>`, `<li>`)
and the line breaks of the source text (the legal-information renderings break a
cell where the printed cell broke) become "\\n"; spaces inside a line are collapsed.
"""
from __future__ import annotations

import copy
from collections.abc import Iterator

import lxml.html
from lxml import etree

from .model import Cell, Document, Paragraph, Position, Row, Table

_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
_BOLD_TAGS = {"strong", "b"}
_ITALIC_TAGS = {"em", "i"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template", "caption"}  # a caption is read apart
_INLINE_TAGS = {"a", "abbr", "b", "big", "br", "cite", "code", "em", "font", "i", "img", "ins", "del", "kbd", "mark",
                "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "nobr"}


def parse_fragment(text: str) -> etree._Element:
    """An HTML fragment (one `<table>` block) as an element; its sourceline 1 is the text's first line."""
    return lxml.html.fragment_fromstring(text, create_parent="div")


def read_table(element: etree._Element, *, number: int, line_offset: int = 0) -> Table:
    """One `<table>` element as a Table: grid columns computed past the row and column spans above.

    `number` is the table's 1-based place in the document; `line_offset` is added to lxml's
    sourceline (the line the fragment started at in a markdown file, minus one)."""
    rows: list[Row] = []
    taken: dict[tuple[int, int], bool] = {}  # (row, column) slots covered by a rowspan from above
    width = 0
    for r, tr in enumerate(_rows_of(element)):
        cells: list[Cell] = []
        column = 0
        for c, td in enumerate(td for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")):
            while taken.get((r, column)):
                column += 1
            colspan, rowspan = _span(td, "colspan"), _span(td, "rowspan")
            text, lines = cell_text(td, line_offset)
            cells.append(Cell(text=text, column=column, colspan=colspan, rowspan=rowspan,
                              header=td.tag == "th", bold=_all_inside(td, _BOLD_TAGS), lines=lines,
                              position=Position(line=_line(td, line_offset), table=number, row=r + 1, cell=c + 1)))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, column + dc)] = True
            column += colspan
        width = max(width, column)
        rows.append(Row(cells, Position(line=_line(tr, line_offset), table=number, row=r + 1)))
    return Table(rows=rows, width=width, position=Position(line=_line(element, line_offset), table=number), format="html")


def read_page(text: str, *, path: str | None = None) -> Document:
    """A whole HTML page: headings, paragraphs and tables of its body in document order."""
    root = lxml.html.document_fromstring(text)
    body = root.find("body")
    return Document(read_blocks(body if body is not None else root), "html", path=path)


def read_blocks(root: etree._Element, *, line_offset: int = 0, tables: int = 0) -> list:
    """The paragraphs and tables inside an element, in document order; `tables` is how many tables
    the document had before it. A layout table (one whose cells hold tables) is read as the blocks
    of its cells, so the tables inside it stay tables."""
    blocks: list = []
    for element in _blocks(root):
        if element.tag == "table":
            if element.find(".//table") is not None:
                for cell in (c for tr in _rows_of(element) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")):
                    inner = read_blocks(cell, line_offset=line_offset, tables=tables)
                    tables += sum(isinstance(b, Table) for b in inner)
                    blocks += inner
                continue
            tables += 1
            blocks += [p for p in [caption(element, line_offset)] if p]
            blocks.append(read_table(element, number=tables, line_offset=line_offset))
            continue
        content, lines = cell_text(element, line_offset)
        if content:
            blocks.append(Paragraph(content, Position(line=lines[0] if lines else _line(element, line_offset)),
                                    heading=_HEADINGS.get(element.tag), bold=_all_inside(element, _BOLD_TAGS),
                                    italic=_all_inside(element, _ITALIC_TAGS), lines=lines))
    return blocks


def inline_text(text: str) -> str:
    """The text of a line of markdown that may hold inline HTML (anchors, entities, `<br>`)."""
    if "<" not in text and "&" not in text:
        return text
    element = parse_fragment(text)
    for anchor in element.iter("a"):
        if not (anchor.text_content() or "").strip():
            anchor.drop_tree()
    content, _ = cell_text(element, 0)
    return content.replace("\n", " ") if content else ""


def cell_text(element: etree._Element, line_offset: int) -> tuple[str, tuple[int, ...]]:
    """The element's text as printed lines joined by "\\n", and the source lines that hold text."""
    start = _line(element, line_offset)
    pieces: list[str] = []
    _collect(element, pieces, top=True)
    out: list[str] = []
    numbers: set[int] = set()
    # Source newlines count for line numbers; "\r" marks a break of <br> or a block element.
    for i, source_line in enumerate("".join(pieces).split("\n")):
        for part in source_line.split("\r"):
            part = " ".join(part.split())
            if part:
                out.append(part)
                if start is not None:
                    numbers.add(start + i)
    return "\n".join(out), tuple(sorted(numbers))


def _collect(element: etree._Element, pieces: list[str], *, top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not top and (tag in _SKIP_TAGS or isinstance(element, (etree._Comment, etree._ProcessingInstruction))):
        if not top and element.tail:
            pieces.append(element.tail)
        return
    if tag == "br":
        pieces.append("\r")
    elif tag in _BLOCK_TAGS and not top:
        pieces.append("\r")
    if element.text:
        pieces.append(element.text)
    for child in element:
        _collect(child, pieces)
    if tag in _BLOCK_TAGS and not top:
        pieces.append("\r")
    if not top and element.tail:
        pieces.append(element.tail)


def _rows_of(table: etree._Element) -> Iterator[etree._Element]:
    """The table's own rows (in thead, tbody, tfoot or directly), not those of tables nested in cells."""
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _blocks(root: etree._Element) -> Iterator[etree._Element]:
    """Readable blocks in document order: tables whole, headings and paragraphs, containers opened;
    text between blocks (a container's own text, tails, inline elements) gathered into paragraphs."""
    inline = _Inline(root.text, root.sourceline)
    for child in root:
        if not isinstance(child.tag, str) or child.tag in _SKIP_TAGS:
            inline.add_text(child.tail)
            continue
        if child.tag in _INLINE_TAGS:
            inline.add(child)
            continue
        yield from inline.flush()
        if child.tag in ("table", "p") or child.tag in _HEADINGS or not _has_blocks(child):
            yield child
        else:
            yield from _blocks(child)
        inline = _Inline(child.tail, _end_line(child))
    yield from inline.flush()


class _Inline:
    """Text and inline elements printed between two blocks, as one paragraph element."""

    def __init__(self, text: str | None, line: int | None):
        self.element = etree.Element("p")
        self.element.text = text or ""
        self.line = line

    def add_text(self, text: str | None) -> None:
        if not text:
            return
        if len(self.element):
            last = self.element[-1]
            last.tail = (last.tail or "") + text
        else:
            self.element.text += text

    def add(self, child: etree._Element) -> None:
        self.element.append(copy.deepcopy(child))

    def flush(self) -> Iterator[etree._Element]:
        if "".join(self.element.itertext()).strip():
            self.element.sourceline = self.line
            yield self.element


def _has_blocks(element: etree._Element) -> bool:
    return element.find(".//table") is not None or any(
        isinstance(c.tag, str) and c.tag not in _INLINE_TAGS and c.tag not in _SKIP_TAGS for c in element)


def _end_line(element: etree._Element) -> int | None:
    """The source line an element's closing tag is on (where its tail text starts)."""
    if element.sourceline is None:
        return None
    return element.sourceline + etree.tostring(element, encoding=str, with_tail=False).count("\n")


def caption(table: etree._Element, line_offset: int = 0) -> Paragraph | None:
    """A table's `<caption>` as the paragraph printed over it."""
    element = table.find("caption")
    if element is None:
        return None
    text, lines = cell_text(element, line_offset)
    return Paragraph(text, Position(line=lines[0] if lines else _line(element, line_offset)), bold=_all_inside(element, _BOLD_TAGS),
                     lines=lines) if text else None


def _span(td: etree._Element, name: str) -> int:
    try:
        return max(1, int(td.get(name, "1").strip()))
    except ValueError:
        return 1


def _all_inside(element: etree._Element, tags: set[str]) -> bool:
    """True when the element has text and all of it sits inside one of `tags`."""
    counts = [0, 0]  # non-space characters outside, inside

    def walk(e: etree._Element, inside: bool) -> None:
        inside = inside or (isinstance(e.tag, str) and e.tag in tags)
        if isinstance(e.tag, str) and (e is element or e.tag not in _SKIP_TAGS):
            counts[inside] += len("".join((e.text or "").split()))
            for child in e:
                walk(child, inside)
                counts[inside] += len("".join((child.tail or "").split()))

    walk(element, False)
    return counts[1] > 0 and counts[0] == 0


def _line(element: etree._Element, offset: int) -> int | None:
    return element.sourceline + offset if element.sourceline is not None else None
