"""The structured records read from plan documents.

Records are plain dataclasses: the readers fill them, curation edits them, the
RDF mapping (and the JSON/CSV outputs) read them. Every record that comes from
a document carries a `Provenance` naming the document and its 1-based lines.
"""
from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass
class Provenance:
    """Where a record was read: the document id and the 1-based line numbers."""

    document: str
    lines: list[int]
    curation: list[str] = field(default_factory=list)  # ids of curation entries applied
    # Where in a table (HTML, DOCX, PDF): the document's 1-based table and its rows; pages for a PDF.
    table: int | None = None
    rows: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # 1-based paragraphs of the document (DOCX/PDF have no lines)


# --------------------------------------------------------------------------- values


@dataclass
class Deadline:
    """A deadline as printed, and what it means.

    kind: 'by' (до …), 'on' (a day), 'from' (с …, open end), 'period' (a span:
    a month, a year, Апрель-июль, 2020-2021), 'recurring' (ежемесячно …),
    'continuous' (постоянно), 'relative' (в течение 10 дней после …: no dates,
    `offset` and `anchor`), 'as-needed' (по мере необходимости) or
    'unspecified'. `start`/`end` are ISO strings at the precision printed
    ('2020', '2020-04', '2020-04-01'); `recurrence` is an ISO 8601 duration.
    """

    text: str
    kind: str
    start: str | None = None
    end: str | None = None
    precision: str | None = None  # 'day' | 'month' | 'year'
    recurrence: str | None = None  # 'P1M', 'P3M', 'P1Y', 'P1W', 'P1D'
    year_from_document: bool = False
    # Day-of-period recurrences and relative deadlines (kinds 'recurring', 'relative'):
    day: int | None = None  # «до 5 числа»: the day of the month the recurrence falls on
    months: list[int] = field(default_factory=list)  # «ежегодно до 1 февраля» → [2]; «Июнь, декабрь ежегодно» → [6, 12]
    following_period: bool = False  # «… месяца, следующего за отчетным»: the day falls in the period after
    offset: str | None = None  # 'relative': «в течение 10 дней после …» → 'P10D'
    anchor: str | None = None  # 'relative' (and recurrences tied to an event): the event as printed

    @property
    def start_date(self) -> date | None:
        return _first_day(self.start)

    @property
    def end_date(self) -> date | None:
        return _last_day(self.end)


def _first_day(iso: str | None) -> date | None:
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(iso: str | None) -> date | None:
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


@dataclass
class Money:
    """An amount as printed ('3 226,1') in units of `multiplier` × `currency`."""

    text: str
    value: Decimal
    currency: str = "KGS"
    multiplier: int = 1000  # the documents print thousands (тыс. сом)

    @property
    def amount(self) -> Decimal:
        return self.value * self.multiplier


@dataclass
class Target:
    """A quantitative target: «не менее 30 ЛСИ в месяц» in every region."""

    text: str
    value: Decimal
    unit: str
    qualifier: str = "exactly"  # 'at-least' | 'more-than' | 'at-most' | 'less-than' | 'about' | 'exactly' | 'capacity'
    value_max: Decimal | None = None  # for ranges such as «3-4 проектов»
    period: str | None = None  # ISO 8601 duration: per month 'P1M', per year 'P1Y', per day 'P1D'
    per_region: bool = False


@dataclass
class ReportingDuty:
    """«с предоставлением в МТСЗН ежемесячного отчета» → frequency and recipient."""

    text: str
    frequency: str  # ISO 8601 duration
    recipient_text: str
    recipient: str | None = None  # organisation id once resolved


@dataclass
class PlaceMatch:
    """A place name as printed and the gazetteer unit it resolved to.

    method: 'exact', 'fuzzy' (with `score`, 0–100), 'unlisted' (a district or
    town the gazetteer lacks, kept under the region the text names with it:
    `parent`), or 'unresolved' (refused: nothing close enough).
    """

    text: str
    place: str | None
    method: str
    score: float | None = None
    parent: str | None = None
    level: str | None = None  # 'oblast' | 'city_republican' | 'district' | 'town'
    proposed_id: str | None = None  # for 'unlisted': the id it is kept under, <parent>-<stem>[-district]


@dataclass
class Organisation:
    """An organisation as the documents and registries describe it."""

    id: str
    name: str
    abbreviation: str | None = None
    kind: str | None = None  # ministry, department, committee, akimat, state-company, …
    parent: str | None = None
    country: str | None = None
    place: str | None = None  # for akimats: the gazetteer id of the region
    source: str = "registry"  # 'glossary' | 'registry' | 'akimat'
    name_en: str | None = None
    wikidata: str | None = None


@dataclass
class Person:
    """A person an executors cell names («заместитель акима Иванов И.И.»): not an organisation.

    `name` is printed as it stands («Иванов И.И.», «И.И. Иванов»); `position_text`
    is the position printed before it, if any. Names are not identities: the
    same initials in two plans are not taken for the same person.
    """

    name: str
    position_text: str | None = None


@dataclass
class Responsibility:
    """One organisation named in an executors cell, with its qualifiers.

    organisation is None when the name could not be resolved; `text` keeps what
    was printed. `group` is the printed phrase when one phrase named many
    organisations («Акиматы областей, …»). The role belongs to the printed name
    or group as a whole: every member of the first group is 'lead' because the
    group leads, not because the document ranks one member first.
    """

    text: str
    organisation: str | None
    role: str = "co-executor"  # 'lead' | 'co-executor'
    by_agreement: bool = False
    consolidation_control: bool = False
    duty: str | None = None
    group: str | None = None
    # Printed order: `position` is the place of the name or group in the cell (1, 2, …),
    # `member_position` the place of this organisation among its group's members.
    position: int | None = None
    member_position: int | None = None
    person: Person | None = None  # a person named instead of an organisation (organisation is None)


# --------------------------------------------------------------------------- records


@dataclass
class Plan:
    id: str
    layout: str  # 'roadmap' | 'grant-plan'
    country: str  # ISO 3166-1 alpha-2
    title: str
    year: int | None
    issuer: str | None = None  # organisation id
    issuer_text: str | None = None
    approver: str | None = None  # a person's name as printed
    approver_position: str | None = None
    date: str | None = None  # ISO, at the precision printed
    legal_act: str | None = None  # «распоряжение»
    legal_act_number: str | None = None
    legal_act_date: str | None = None
    annex: str | None = None  # «Приложение 2»
    prov: Provenance | None = None
    amendments: list[Amendment] = field(default_factory=list)


@dataclass
class Task:
    """A group of measures: a roadmap's «Задача N.», or an action plan's section or heading.

    `number` is the group's place in the plan (1, 2, …); `printed` the number as
    printed («II.», «1.»), None for an unnumbered heading; `kind` is 'task',
    'section' (numbered) or 'heading' (unnumbered).
    """

    number: int
    title: str
    prov: Provenance
    printed: str | None = None
    kind: str = "task"


@dataclass
class Measure:
    """A measure (N) or sub-measure (N.M) of a roadmap."""

    number: str
    level: str  # 'measure' | 'sub-measure'
    task: int
    parent: str | None  # the measure number, for a sub-measure
    title: str
    heading: str | None
    detail: str | None
    deadline: Deadline
    executors_text: str
    responsibilities: list[Responsibility]
    prov: Provenance
    programs: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    places: list[PlaceMatch] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    reporting: list[ReportingDuty] = field(default_factory=list)
    # Action plans (graph/readers/actionplan.py): the columns beyond number, title, deadline, executors.
    printed_number: str | None = None  # as printed («3.10.»); `number` is then the plan-wide key
    completion_form: str | None = None
    cost: Cost | None = None
    funding_text: str | None = None
    funding: list[str] = field(default_factory=list)  # funding-source concept ids
    persons_text: str | None = None  # a «responsible person» column, as printed
    extra: dict[str, str] = field(default_factory=dict)  # columns no role matched: header → text
    ditto: dict[str, str] = field(default_factory=dict)  # column role → the ditto mark printed there


@dataclass
class CostAmount:
    """One amount of a cost cell, with the year it is printed for («2004г.- 870,0»)."""

    money: Money
    year: int | None = None


@dataclass
class Cost:
    """A cost cell as printed and the amounts it states (none for «в пределах выделенных средств»)."""

    text: str
    amounts: list[CostAmount] = field(default_factory=list)


@dataclass
class Amendment:
    """A footnote on the act: «Сноска. План в редакции постановления … от 16.09.2020 № 587»."""

    text: str
    kind: str  # 'edition' (в редакции) | 'change' (с изменениями) | 'repeal' (утратило силу) | 'note'
    part: str | None  # what it concerns, as printed: «План», «Пункт 1», «Заголовок»
    act_date: str | None
    act_number: str | None
    prov: Provenance


@dataclass
class Skipped:
    """A table row or block the reader consumed without a record, and why."""

    reason: str  # 'blank' | 'header' | 'column numbers' | 'repeated header' | 'not a plan table' | …
    prov: Provenance


@dataclass
class GlossaryEntry:
    abbreviation: str
    expansion: str
    prov: Provenance


@dataclass
class Section:
    number: int
    title: str
    form: str | None  # «Форма государственного социального заказа - …»
    prov: Provenance


@dataclass
class Allocation:
    """A territory of a grant item with its maximum grant and indicator."""

    territory_text: str
    places: list[PlaceMatch]
    amount: Money | None
    prov: Provenance
    indicator: str | None = None
    targets: list[Target] = field(default_factory=list)


@dataclass
class Item:
    """An item (N.M) of a grant plan."""

    number: str
    section: int
    goal: str
    beneficiaries_text: str
    executor_category_text: str
    duration_text: str
    prov: Provenance
    beneficiaries: list[str] = field(default_factory=list)
    executor_categories: list[str] = field(default_factory=list)
    duration: str | None = None  # ISO 8601 duration, 'P12M'
    total_text: str | None = None  # «Всего по республике, из них:»
    total: Money | None = None
    allocations: list[Allocation] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Subtotal:
    """An «Итого» line: the sum of the items of a section above it."""

    label: str
    section: int
    amount: Money
    items: list[str]
    prov: Provenance


@dataclass
class Finding:
    """Something the quality report tells a reviewer: what, where, figures."""

    kind: str
    message: str
    document: str
    lines: list[int] = field(default_factory=list)
    subject: str | None = None  # measure or item number
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CurationNote:
    """A curation entry that was applied to the document's records."""

    id: str
    kind: str
    reason: str
    lines: list[int] = field(default_factory=list)


@dataclass
class DocumentInfo:
    """The document the records were read from."""

    id: str
    file_name: str
    sha256: str
    curation: list[CurationNote] = field(default_factory=list)
    media_type: str = "text/plain"  # application/pdf, …wordprocessingml.document: such files have no lines


@dataclass
class DocumentRecords:
    """Everything read from one document."""

    plan: Plan
    document: DocumentInfo | None = None
    tasks: list[Task] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    subtotals: list[Subtotal] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def measure(self, number: str) -> Measure:
        return _by_number(self.measures, number)

    def item(self, number: str) -> Item:
        return _by_number(self.items, number)


@dataclass
class RecordsDigest:
    """What the whole-corpus steps need of a document's records, kept beside them: the per-document cache
    keeps the records apart (graph/pipeline.py's DocumentBuild), and a rebuild reads them only for the
    documents it writes records for (at 1,000 documents unpickling every document's took 1.3 s)."""

    document: DocumentInfo
    plan: Plan
    organisations: list[Organisation]
    counts: str  # what was read, as the build reports it ("4 tasks, 26 measures, 43 sub-measures")

    @classmethod
    def of(cls, records: DocumentRecords) -> RecordsDigest:
        return cls(records.document, records.plan, records.organisations, records_counts(records))


def records_counts(r: DocumentRecords) -> str:
    if r.plan.layout == "action-plan":
        return f"{len(r.tasks)} groups, {len(r.measures)} measures"
    if r.plan.layout == "roadmap":
        subs = sum(1 for m in r.measures if m.level == "sub-measure")
        return f"{len(r.tasks)} tasks, {len(r.measures) - subs} measures, {subs} sub-measures"
    allocations = sum(len(i.allocations) for i in r.items)
    return f"{len(r.sections)} sections, {len(r.items)} items, {allocations} territories"


def _by_number(records, number: str):
    for record in records:
        if record.number == number:
            return record
    raise KeyError(number)


def to_jsonable(value: Any) -> Any:
    """Dataclasses → dicts, Decimals → strings (exact), recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
