"""Reader for grant plans of a state social order: sections, items, territories, amounts.

Columns: № | goal | beneficiaries | executor category | duration | territory |
maximum grant (thousand) | expected indicators. The extraction leaves:
- header rows repeated after each page break (dropped), sometimes as stray
  header text inside a data row (dropped too);
- continuation lines whose first cells are empty: the first columns continue
  the item's goal, beneficiaries, category and duration; the territory,
  amount and indicator cells are shifted right by a varying number of columns,
  so they are recognised by content (an amount, a place, or text);
- several territories and amounts run together in one cell;
- a territory cut by a page break and finished in the next row («… обл. (Кочкорский и»
  … «… р-ны, г. Нарын);»), and indicator text cut the same way
  (the continuation starts in lower case).
Rows that the text alone puts under the wrong item are moved by the curation file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize.deadlines import parse_deadline, parse_duration
from ..normalize.money import find_amounts, is_amount_cell
from ..normalize.organisations import Directory
from ..normalize.targets import find_targets
from ..normalize.text import clean
from ..normalize.vocabularies import split_beneficiaries, split_executor_categories
from ..progress import bar
from ..records import Allocation, DocumentRecords, Item, Money, Plan, Provenance, Section, Skipped, Subtotal
from .common import curated_target, detect_country, plan_id, report_places
from .table import Row, blank_lines, join, rows, table_rows_above

LAYOUT = "grant-plan"

_SECTION = re.compile(r"^(\d+)\.\s+(\S.*)$")
_ITEM = re.compile(r"^(\d+)\.(\d+)\.?$")
_FORM = re.compile(r"^Раздел\s*:\s*(.+)$", re.I)
_SUBTOTAL = re.compile(r"^Итого\s*:?$", re.I)
_TOTAL_MARK = re.compile(r"^\s*((всего\s+)?по\s+республике|всего)\b[^А-ЯЁа-яё]*(из\s+них\s*:?)?\s*$|^\s*из\s+них\s*:?\s*$", re.I)
_HEADER_CELLS = re.compile(r"общественно.полезные\s+цели|получатели\s+социальных|категории\s+исполнителей|"
                           r"сроки\s+реализации|территория\s+реализации|макс\.?\s+сумма|ожидаемые\s+результаты", re.I)
_TERRITORY_MARK = re.compile(r"(?<![А-Яа-яЁё])(область|области|обл\.|р-н|р-ны|район|районы)(?![А-Яа-яЁё])|(?<![А-Яа-яЁё])г\.\s*[А-ЯЁ]")
_ACT = re.compile(r"^к\s+(\w+)\s+(.+)$", re.I)
_ACT_DATE = re.compile(r"^от\s+(.*?)\s*№\s*(\S+)", re.I)
_PLAN_YEAR = re.compile(r"\bна\s+((?:19|20)\d\d)\s+год", re.I)
_ANNEX = re.compile(r"^Приложение\s*(\S*)", re.I)
# Dative/instrumental forms of the act's kind, as in «к распоряжению» → «распоряжение».
_ACT_KINDS = {"распоряжению": "распоряжение", "приказу": "приказ", "постановлению": "постановление",
              "решению": "решение", "указу": "указ"}


def _is_header(row: Row) -> bool:
    """A repeated header row; an item row carrying stray header text is not one."""
    return not _ITEM.match(row.cell(0)) and sum(1 for c in row.cells if _HEADER_CELLS.search(c)) >= 2


def matches(source) -> bool:
    for n, line in enumerate(source.lines, 1):
        text = line.lower()
        if "\t" in line and "территория реализации" in text and "сумма гранта" in text:
            return True
    return False


def _is_territory(text: str) -> bool:
    return bool(_TERRITORY_MARK.search(text) or _TOTAL_MARK.match(text) or re.match(r"^из\s+них\b", text, re.I))


@dataclass
class _AllocationDraft:
    territory: str
    amount: Money | None
    lines: list[int]
    indicator: str | None = None
    curation: list[str] = field(default_factory=list)


@dataclass
class _ItemDraft:
    number: str
    section: int
    lines: list[int]
    cells: dict[str, list[str]] = field(default_factory=lambda: {"goal": [], "beneficiaries": [], "category": [], "duration": []})
    total_text: list[str] = field(default_factory=list)
    total: Money | None = None
    allocations: list[_AllocationDraft] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    last_indicator: object = None  # the allocation draft or the item whose indicator text came last
    curation: list[str] = field(default_factory=list)

    def add_positional(self, row: Row) -> None:
        for name, index in (("goal", 1), ("beneficiaries", 2), ("category", 3), ("duration", 4)):
            if row.cell(index):
                self.cells[name].append(row.cell(index))

    def append_indicator(self, text: str) -> None:
        holder = self.last_indicator
        if isinstance(holder, _AllocationDraft) and holder.indicator:
            holder.indicator = join(holder.indicator, text)
        elif self.indicators:
            self.indicators[-1] = join(self.indicators[-1], text)
        else:
            self.indicators.append(text)
            self.last_indicator = self


def read(source, context) -> DocumentRecords:
    header = next(n for n, line in enumerate(source.lines, 1) if "\t" in line and _is_header(Row.of(n, line)))
    width = Row.of(header, source.line(header)).width
    country = detect_country(source.lines)
    directory = Directory.from_glossary([], country)
    stray = table_rows_above(source.lines, header, lambda r: bool(_ITEM.match(r.cell(0)) or _SECTION.match(r.cell(0))))
    plan, form = _plan(source, header, country, directory, {r.line for r in stray})
    records = DocumentRecords(plan=plan)
    records.skipped.append(Skipped("header", Provenance(source.id, [header])))
    blanks = blank_lines(source.lines, header + 1)
    if blanks:
        records.skipped.append(Skipped("blank", Provenance(source.id, blanks)))
    if plan.issuer:
        records.organisations.append(directory.get(plan.issuer))

    stray_items = [row.cell(0).rstrip(".") for row in stray if _ITEM.match(row.cell(0))]
    drafts, orphans = _assemble(source, context, records, header, width, form, stray_items)
    for row in stray:  # an item or section row moved above the header: reported, never read as title
        number = row.cell(0).rstrip(".")
        left = orphans.get(number, [])
        context.report("row-above-header", f"table row «{row.cell(0)}» is above the table header (line {header})"
                       + (f"; the continuation lines {_spans(left)} where it belongs may continue it or the row "
                          "above them: read into neither (a curation [[assign]] entry puts them under their item)"
                          if left else ""),
                       [row.line] + left, f"item {number}", text=row.raw.strip()[:80], continuation=left)
    for draft in bar(drafts, desc=f"{source.path.name}: items", unit="items"):
        records.items.append(_item(draft, context, plan))
    return records


# --------------------------------------------------------------------------- title block


def _plan(source, header: int, country, directory, stray: set[int] = frozenset()) -> tuple[Plan, str | None]:
    texts = [(n, clean(source.line(n))) for n in range(1, header) if n not in stray]
    texts = [(n, t) for n, t in texts if t]
    annex = act_kind = issuer_text = number = act_date = form = None
    title, year, act_lines = [], None, []
    for n, text in texts:
        if _ANNEX.match(text) and annex is None:
            annex = text
        elif _ACT.match(text) and act_kind is None:
            found = _ACT.match(text)
            act_kind = _ACT_KINDS.get(found.group(1).lower(), found.group(1).lower())
            act_lines = [found.group(2)]
        elif act_lines and not _ACT_DATE.match(text) and number is None:
            act_lines.append(text)
        elif _ACT_DATE.match(text):
            found = _ACT_DATE.match(text)
            parsed = parse_deadline(re.sub(r"[«»\"]", " ", found.group(1)))
            act_date, number = parsed.start, found.group(2)
        elif _FORM.match(text):
            form = _FORM.match(text).group(1)
        else:
            title.append(text)
            year = year or (int(_PLAN_YEAR.search(text).group(1)) if _PLAN_YEAR.search(text) else None)
    issuer_text = " ".join(act_lines) or None
    issuer = directory.lookup(re.sub(r"^Министерства\b", "Министерство", issuer_text)) if issuer_text else None
    year = year or (int(act_date[:4]) if act_date else None)
    plan = Plan(
        id=plan_id(country, issuer.abbreviation if issuer else None, year, LAYOUT, source.id),
        layout=LAYOUT, country=country, title=" ".join(title), year=year,
        issuer=issuer.id if issuer else None, issuer_text=issuer_text, date=act_date,
        legal_act=act_kind, legal_act_number=number, legal_act_date=act_date, annex=annex,
        prov=Provenance(source.id, [n for n, _ in texts]),
    )
    return plan, form


# --------------------------------------------------------------------------- the table


def _spans(lines: list[int]) -> str:
    return f"{lines[0]}–{lines[-1]}" if len(lines) > 1 and lines[-1] - lines[0] == len(lines) - 1 else \
        ", ".join(map(str, lines))


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def _orphan_anchors(source, header: int, stray_items: list[str]) -> dict[int, str]:
    """For each item row moved above the header, the line of the table row it was printed after: the
    last item before it in number order, or its section's row when it is the section's first. The
    continuation lines right after that row cannot be told apart from the moved item's own."""
    anchors: dict[int, str] = {}
    table = [(row.line, row.cell(0)) for row in rows(source.lines, header + 1)
             if _ITEM.match(row.cell(0)) or (_SECTION.match(row.cell(0)) and len(row.filled) == 1)]
    for number in stray_items:
        section = number.split(".")[0]
        before = [(line, first) for line, first in table
                  if (_ITEM.match(first) and first.split(".")[0] == section and _key(first.rstrip(".")) < _key(number))
                  or (_SECTION.match(first) and _SECTION.match(first).group(1) == section)]
        if before:
            anchors[before[-1][0]] = number
    return anchors


def _assemble(source, context, records, header: int, width: int, form: str | None,
              stray_items: list[str] = ()) -> tuple[list[_ItemDraft], dict[str, list[int]]]:
    """The item drafts, and for each item row above the header the continuation lines kept out of the
    item before it (graph/readers/grantplan._orphan_anchors)."""
    anchors = _orphan_anchors(source, header, list(stray_items))
    orphans: dict[str, list[int]] = {}
    orphan_of: str | None = None  # the moved item whose continuation lines the rows now read may be
    drafts: list[_ItemDraft] = []
    numbers: set[str] = set()  # a set, not a scan of the drafts: reading stays linear in the rows
    section: Section | None = None
    pending: list[_ItemDraft] = []  # items no «Итого» line has summed yet
    for row in rows(source.lines, header + 1):
        skip = context.curation.skipped(row.line)
        if skip or _is_header(row):
            reason = f"curation {skip.id}" if skip else "repeated header"
            records.skipped.append(Skipped(reason, Provenance(source.id, [row.line], [skip.id] if skip else [])))
            continue
        first = row.cell(0)
        owner = context.curation.owner(row.line)
        continuation = not (_FORM.match(first) or (_SECTION.match(first) and len(row.filled) == 1) or _ITEM.match(first)
                            or any(_SUBTOTAL.match(c) for c in row.cells))
        if not continuation:
            orphan_of = anchors.get(row.line)
        elif orphan_of and not owner and row.filled:
            orphans.setdefault(orphan_of, []).append(row.line)
            continue
        if _FORM.match(first):
            form = _FORM.match(first).group(1)
            records.skipped.append(Skipped("form heading (kept on the sections below it)", Provenance(source.id, [row.line])))
        elif _SECTION.match(first) and len(row.filled) == 1:
            found = _SECTION.match(first)
            section = Section(int(found.group(1)), found.group(2), form, Provenance(source.id, [row.line]))
            records.sections.append(section)
        elif _ITEM.match(first):
            if section is None:
                raise source.error(f"item «{first}» comes before any section row («N. title»)", row.line)
            if row.width < width:
                raise source.error(f"truncated row: {row.width} of {width} columns", row.line)
            number = first.rstrip(".")
            if number in numbers:
                raise source.error(f"item {number} appears twice", row.line)
            numbers.add(number)
            if int(_ITEM.match(first).group(1)) != section.number:  # its section heading is missing or misplaced
                context.report("item-outside-section", f"item {number} is under section {section.number} "
                               f"(line {section.prov.lines[0]}): the heading of section {number.split('.')[0]} is missing",
                               [row.line], f"item {number}", section=section.number)
            item = _ItemDraft(number, section.number, [row.line])
            item.add_positional(row)
            drafts.append(item)
            pending.append(item)
            target = item
            if owner:  # the row's territory, amount and indicator belong to another item
                target = curated_target(drafts, owner)
                target.lines.append(row.line)
                target.curation.append(owner.id)
            _absorb(target, [(i, c) for i, c in row.filled if i >= 5], row, drafts, context,
                    previous=drafts[-2] if len(drafts) > 1 else None, owner=owner)
        elif any(_SUBTOTAL.match(c) for c in row.cells):
            amounts = [m for _, c in row.filled if is_amount_cell(c) for m in find_amounts(c)]
            if len(amounts) != 1:
                raise source.error("an «Итого» line needs exactly one amount", row.line)
            current = section.number if section else None
            items = [d.number for d in pending if d.section == current]
            pending = [d for d in pending if d.section != current]
            label = next(c for c in row.cells if _SUBTOTAL.match(c))
            records.subtotals.append(Subtotal(label.rstrip(":"), section.number, amounts[0], items, Provenance(source.id, [row.line])))
        elif row.filled and (not first or not _ITEM.match(first)):
            target = curated_target(drafts, owner) if owner else (drafts[-1] if drafts else None)
            if target is None:
                raise source.error(f"a line with no item above it: «{row.raw.strip()[:60]}»", row.line)
            target.lines.append(row.line)
            if owner:
                target.curation.append(owner.id)
            if not first:
                target.add_positional(row)
            content = [(i, c) for i, c in row.filled if i == 0 or i >= 5]
            _absorb(target, content, row, drafts, context, previous=None, owner=owner)
    return drafts, orphans


def _absorb(item: _ItemDraft, cells, row: Row, drafts, context, previous, owner) -> None:
    """Take a row's territory, amount and indicator cells into an item."""
    cells = [(i, c) for i, c in cells if not _HEADER_CELLS.search(c)]
    amount_at = [i for i, c in cells if is_amount_cell(c)]
    amounts = [m for i, c in cells if i in amount_at for m in find_amounts(c)]
    first_amount = amount_at[0] if amount_at else None
    territory, indicators = [], []
    for i, text in cells:
        if i in amount_at:
            continue
        before = first_amount is None or i < first_amount
        if before and (first_amount is not None or _is_territory(text)):
            territory.append(text)
        else:
            indicators.append(text)
    segments = context.gazetteer.split_territories(" ".join(territory)) if territory else []
    if segments and _closes_open_paren(segments[0]):
        open_draft = _last_open_allocation(drafts)
        if open_draft is not None:
            open_draft.territory = join(open_draft.territory, segments.pop(0))
            open_draft.lines.append(row.line)
        else:  # the end of a territory whose start is not read (its row moved or lost): not a place of this item
            fragment = segments.pop(0)
            context.report("territory-fragment", f"line {row.line}: «{fragment[:80]}» ends a territory no row above "
                           "opens; read into no allocation", [row.line], f"item {item.number}", text=fragment)
    marks = [s for s in segments if _TOTAL_MARK.match(s)]
    places = [s for s in segments if not _TOTAL_MARK.match(s)]
    item.total_text.extend(marks)
    if (marks or (not places and item.total is None)) and amounts and len(amounts) == len(places) + 1:
        item.total = amounts.pop(0)
    new = []
    if places and len(amounts) in (0, len(places)):
        for text, amount in zip(places, amounts or [None] * len(places)):
            new.append(_AllocationDraft(text, amount, [row.line], curation=[owner.id] if owner else []))
    elif places or amounts:
        context.report("unpaired-amounts", f"{len(places)} territories but {len(amounts)} amounts; kept unpaired",
                       [row.line], f"item {item.number}", territories=places, amounts=[str(a.value) for a in amounts])
        for k, text in enumerate(places):
            new.append(_AllocationDraft(text, amounts[k] if k < len(amounts) else None, [row.line]))
    item.allocations.extend(new)
    for text in indicators:
        if text[:1].islower():
            (previous or item).append_indicator(text)
        elif len(new) == 1 and (owner or not _ITEM.match(row.cell(0))):
            new[0].indicator = text
            item.last_indicator = new[0]
        else:
            item.indicators.append(text)
            item.last_indicator = item


def _closes_open_paren(text: str) -> bool:
    return text.count(")") > text.count("(")


def _last_open_allocation(drafts) -> _AllocationDraft | None:
    for draft in reversed(drafts):
        for allocation in reversed(draft.allocations):
            if allocation.territory.count("(") > allocation.territory.count(")"):
                return allocation
    return None


def _item(draft: _ItemDraft, context, plan: Plan) -> Item:
    subject = f"item {draft.number}"
    ben_text = clean(join(*draft.cells["beneficiaries"]))
    cat_text = clean(join(*draft.cells["category"]))
    beneficiaries, ben_unknown = split_beneficiaries(ben_text, plan.country)
    categories, cat_unknown = split_executor_categories(cat_text)
    for text in ben_unknown:
        context.report("unresolved-beneficiary", f"beneficiary «{text}» is not in the vocabulary", draft.lines, subject, text=text)
    for text in cat_unknown:
        context.report("unresolved-executor-category", f"executor category «{text}» is not in the vocabulary", draft.lines, subject, text=text)
    allocations = []
    for a in draft.allocations:
        places = context.gazetteer.parse_territory(a.territory, country=plan.country)
        report_places(context, places, a.lines, subject)
        allocations.append(Allocation(a.territory, places, a.amount, Provenance(context.source.id, a.lines, a.curation),
                                      indicator=a.indicator, targets=find_targets(a.indicator or "")))
    indicators = [clean(t) for t in draft.indicators]
    duration_text = clean(join(*draft.cells["duration"]))
    return Item(
        number=draft.number, section=draft.section, goal=clean(join(*draft.cells["goal"])),
        beneficiaries_text=ben_text, executor_category_text=cat_text, duration_text=duration_text,
        prov=Provenance(context.source.id, sorted(set(draft.lines)), sorted(set(draft.curation))),
        beneficiaries=beneficiaries, executor_categories=categories, duration=parse_duration(duration_text),
        total_text=" ".join(draft.total_text) or None, total=draft.total, allocations=allocations,
        indicators=indicators, targets=[t for text in indicators for t in find_targets(text)],
    )
