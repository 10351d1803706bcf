"""The network of a built graph: typed nodes and edges read from the RDF dataset, and its filters.

`network_model(dataset)` reads the dataset (a build's rdf/dataset.trig, or any
rdflib Graph/Dataset in the design's shape) into a `NetworkModel`: plans, tasks
and sections, measures and sub-measures, grant items and allocations (the
*components*, read from documents), and the organisations, programmes, regions
and beneficiary categories they point to (the *context*). Edges are typed:
part of, responsible (with its roles), mentions programme, targets region,
serves, funds, depends on, governs, unit of, publisher. Two nodes may be joined
by several edges (an organisation that leads a measure and co-executes its
parent): they stay separate edges, each with its own id.

Why not `rdflib.extras.external_graph_libs.rdflib_to_networkx_multidigraph`:
it turns every triple into an edge (literals, types, amounts and time instants
included), while the network needs one edge per *meaning* — «ДРПСУ leads 1.1»
is two triples away through a prov:Attribution that carries the role. So the
model is read with a few indexed triple look-ups, and `to_networkx` converts it.

The same filter rule runs here (`NetworkModel.view`) and in the page
(graph/static/network.js, `applyFilters`):

- with no facet (document, task, region, organisation) chosen, every node is shown;
- with facets chosen, a component is *selected* when it matches every chosen
  facet (its document; its task; a region it targets — measures: places named or
  the region of a responsible akimat, allocations: their territories, items:
  their allocations'; an organisation responsible for it); the shown nodes are
  the selected components, their ancestors (part of), the context nodes joined to
  any of those by an edge, and the chosen region and organisation themselves;
- then nodes of unticked types are hidden, and an edge is shown when both its
  ends are and its kind is ticked.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SKOS

from .namespaces import ORG, PKG, SCHEMA, SKOSXL

T = TypeVar("T")


@dataclass(frozen=True)
class NodeType:
    key: str
    label: str  # English, for the legend
    label_ru: str
    colour: str
    shape: str  # a vis-network shape whose label sits outside it, so that size can vary
    level: int  # level in the hierarchical layout
    component: bool  # read from a document (plan parts) rather than shared context


# Colours: a colour-blind-safe qualitative palette (Okabe–Ito, plus two neutrals).
NODE_TYPES: dict[str, NodeType] = {t.key: t for t in [
    NodeType("plan", "plan", "план", "#333333", "star", 0, True),
    NodeType("task", "task / section", "задача / раздел", "#7b5ea7", "diamond", 1, True),
    NodeType("measure", "measure", "мероприятие", "#0072b2", "dot", 2, True),
    NodeType("sub-measure", "sub-measure", "подмероприятие", "#56b4e9", "dot", 3, True),
    NodeType("item", "grant item", "пункт плана", "#009e73", "square", 2, True),
    NodeType("allocation", "allocation", "грант по территории", "#8fd6b8", "triangle", 3, True),
    NodeType("organisation", "organisation", "организация", "#d55e00", "hexagon", 4, False),
    NodeType("programme", "programme", "программа", "#e69f00", "triangleDown", 4, False),
    NodeType("region", "region", "регион", "#cc79a7", "square", 5, False),
    NodeType("beneficiary", "beneficiary category", "категория получателей", "#8c8c8c", "diamond", 5, False),
]}


@dataclass(frozen=True)
class EdgeKind:
    key: str
    label: str
    colour: str
    dashes: bool | tuple = False
    width: float = 1.0


EDGE_KINDS: dict[str, EdgeKind] = {k.key: k for k in [
    EdgeKind("part-of", "part of", "#b0b0b0", False, 1.0),
    EdgeKind("lead", "responsible: lead", "#d55e00", False, 2.2),
    EdgeKind("co-executor", "responsible: co-executor", "#eb9f78", False, 1.0),
    EdgeKind("mentions", "mentions programme", "#e69f00", False, 1.0),
    EdgeKind("targets", "targets region", "#cc79a7", False, 1.0),
    EdgeKind("serves", "serves beneficiaries", "#a0a0a0", (3, 3), 1.0),
    EdgeKind("funds", "funds (allocation → item)", "#009e73", False, 2.0),
    EdgeKind("depends-on", "depends on", "#000000", False, 2.4),
    EdgeKind("governs", "governs (akimat → region)", "#cc79a7", (8, 4), 1.0),
    EdgeKind("unit-of", "unit of", "#c9b18f", (2, 4), 1.0),
    EdgeKind("publisher", "publisher", "#555555", (2, 4), 1.0),
]}
RESPONSIBLE_KINDS = ("lead", "co-executor")
# Qualifiers of a responsibility edge: drawn as a style on its lead / co-executor edge.
QUALIFIERS = {"by-agreement": ("by agreement", "dashed"), "consolidation-control": ("consolidation and control", "dark")}


@dataclass(slots=True)  # slots: 40,000 nodes and 200,000 edges pickle (graph/fragments.py) and load faster
class Node:
    id: str  # the resource's IRI
    type: str  # a key of NODE_TYPES
    label: str  # short: the number of a measure, an abbreviation, a short name
    title: str  # the full label
    details: list[tuple[str, str]] = field(default_factory=list)  # tooltip lines: (name, value)
    document: str | None = None  # the document id a component was read from
    task: str | None = None  # the task or section (its node id) a component lies in
    regions: set[str] = field(default_factory=set)  # facet: regions (node ids) a component targets
    organisations: set[str] = field(default_factory=set)  # facet: organisations responsible
    money: Decimal | None = None  # som (allocations, items, sections, plans, regions)
    due: str | None = None  # ISO due date (measures)
    start: str | None = None
    number: str | None = None
    minor: bool = False  # one of many alike (an akimat among all akimats): drawn with a smaller label
    names: list[str] = field(default_factory=list)  # other and former names (search finds them)


@dataclass(slots=True)
class Edge:
    id: str
    source: str
    target: str
    kind: str  # a key of EDGE_KINDS
    label: str
    title: str = ""
    amount: Decimal | None = None
    qualifiers: tuple[str, ...] = ()  # responsibility: 'by-agreement', 'consolidation-control'


@dataclass
class NetworkModel:
    nodes: dict[str, Node]
    edges: list[Edge]
    base: str = ""
    documents: dict[str, str] = field(default_factory=dict)  # document id → file name
    fragments: dict[str, str] = field(default_factory=dict)  # document id → its kept fragment's key (graph/fragments.py)

    # ------------------------------------------------------------------ structure

    def derived(self, name: str, make: Callable[["NetworkModel"], T]) -> T:
        """`make(self)`, made once per model under `name` and again once nodes or edges were added or taken
        out: the page and the analytics ask for the same structures (the overview, the edges by kind or by
        pair of nodes), each a pass over every edge (226,000 at 1,000 documents)."""
        shape = (id(self.nodes), len(self.nodes), id(self.edges), len(self.edges))
        made = self.__dict__.get(name)
        if made is None or made[0] != shape:
            made = self.__dict__[name] = (shape, make(self))
        return made[1]

    def parents(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = defaultdict(list)
        for e in self.edges:
            if e.kind == "part-of":
                result[e.source].append(e.target)
        return result

    def adjacency(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = defaultdict(set)
        for e in self.edges:
            result[e.source].add(e.target)
            result[e.target].add(e.source)
        return result

    def subset(self, keep: Iterable[str], edge_kinds: Iterable[str] | None = None) -> "NetworkModel":
        keep = set(keep)
        kinds = set(edge_kinds) if edge_kinds is not None else None
        return NetworkModel({k: n for k, n in self.nodes.items() if k in keep},
                            [e for e in self.edges if e.source in keep and e.target in keep
                             and (kinds is None or e.kind in kinds)],
                            self.base, dict(self.documents))

    def counts(self) -> dict[str, int]:
        counts = {t: 0 for t in NODE_TYPES}
        for node in self.nodes.values():
            counts[node.type] += 1
        return {t: n for t, n in counts.items() if n}

    # ------------------------------------------------------------------ filters (same rule as the page)

    def view(self, *, types: Iterable[str] | None = None, edge_kinds: Iterable[str] | None = None,
             document: str | None = None, task: str | None = None, region: str | None = None,
             organisation: str | None = None) -> "NetworkModel":
        """The nodes and edges the page shows for these filters (see the module's docstring)."""
        facets = any(v for v in (document, task, region, organisation))
        if facets:
            selected = {n.id for n in self.nodes.values() if NODE_TYPES[n.type].component
                        and (not document or n.document == document)
                        and (not task or n.task == task)
                        and (not region or region in n.regions)
                        and (not organisation or organisation in n.organisations)}
            parents = self.parents()
            shown = set(selected)
            stack = list(selected)
            while stack:
                for parent in parents.get(stack.pop(), ()):
                    if parent not in shown:
                        shown.add(parent)
                        stack.append(parent)
            for e in self.edges:
                for here, there in ((e.source, e.target), (e.target, e.source)):
                    if here in shown and NODE_TYPES[self.nodes[here].type].component \
                            and not NODE_TYPES[self.nodes[there].type].component:
                        shown.add(there)
            shown |= {x for x in (region, organisation) if x and x in self.nodes}
        else:
            shown = set(self.nodes)
        if types is not None:
            allowed = set(types)
            shown = {k for k in shown if self.nodes[k].type in allowed}
        return self.subset(shown, edge_kinds)

    def focus(self, center: str, depth: int = 1) -> "NetworkModel":
        """The nodes within `depth` edges of `center` (edges followed in both directions)."""
        adjacency = self.adjacency()
        seen = {center: 0}
        queue = deque([center])
        while queue:
            here = queue.popleft()
            if seen[here] >= depth:
                continue
            for there in adjacency.get(here, ()):
                if there not in seen:
                    seen[there] = seen[here] + 1
                    queue.append(there)
        return self.subset(seen)

    def find(self, text: str) -> str:
        """A node id from an IRI, a path under the base («org/akimat-kz-71»), an identifier
        («akimat-kz-71»), or a label (exact, else a unique substring; case ignored)."""
        text = text.strip()
        if text in self.nodes:
            return text
        if self.base and self.base + text.lstrip("/") in self.nodes:
            return self.base + text.lstrip("/")
        by_tail = [k for k in self.nodes if k.rstrip("/").rsplit("/", 1)[-1] == text]
        if len(by_tail) == 1:
            return by_tail[0]
        folded = text.casefold()
        exact = [k for k, n in self.nodes.items() if folded in (n.label.casefold(), n.title.casefold())]
        if len(exact) == 1:
            return exact[0]
        partial = [k for k, n in self.nodes.items() if folded in n.title.casefold() or folded in n.label.casefold()]
        if len(partial) == 1:
            return partial[0]
        candidates = exact or partial or by_tail
        if candidates:
            names = ", ".join(f"{self.nodes[k].label} <{k}>" for k in candidates[:8])
            raise LookupError(f"{text!r} names {len(candidates)} nodes: {names}{' …' if len(candidates) > 8 else ''}")
        raise LookupError(f"no node is named {text!r} (give an IRI, an identifier such as akimat-kz-71, or a label)")

    def path(self, node_id: str) -> str:
        """The resource's path under the base («plan/…/measure/1.1»), or its IRI when outside it."""
        return node_id[len(self.base):] if self.base and node_id.startswith(self.base) else node_id


def to_networkx(model: NetworkModel):
    """A networkx MultiDiGraph: node attributes type/label/title/document/task/money, edge attributes
    kind/label/amount, keyed by the edge id."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in model.nodes.values():
        graph.add_node(node.id, type=node.type, label=node.label, title=node.title, document=node.document,
                       task=node.task, money=node.money, due=node.due, number=node.number)
    for e in model.edges:
        graph.add_edge(e.source, e.target, key=e.id, kind=e.kind, label=e.label, amount=e.amount)
    return graph


# ---------------------------------------------------------------------------------------------- reading


def network_model(dataset: Graph, *, base: str | None = None, index: bool = True,
                  previous=None, keep: Path | None = None) -> NetworkModel:
    """Read the network from a dataset (a union-default rdflib Dataset, or a Graph). `index=False` makes
    one look-up in the dataset per value instead of one scan per predicate (bench/network.py's baseline).

    A dataset with document graphs is read one document at a time (graph/fragments.py): each document's
    graph over the reference data gives its *fragment* — its components, their edges and the context
    nodes they point to — and the fragments are joined. A fragment depends on nothing but its document and
    the reference data, so `keep` (a folder) keeps each, named by a key of what it was read from, and
    `previous` (the folder of the build before, or graph/fragments.py's ReadAhead of it) gives back those
    whose key has not changed: a build after one more document reads one document."""
    from .fragments import read_model

    if not index:
        return _Reader(dataset, base, index).read()
    return read_model(dataset, base=base, previous=previous, keep=keep)


_QUOTED = re.compile(r"«([^»]+)»")


class _Reader:
    def __init__(self, graph: Graph, base: str | None, index: bool | object = True):
        from .triple_index import TripleIndex

        # each predicate scanned once, not one look-up per node (or the index given: one document's)
        self.g = (TripleIndex(graph) if index is True else index) if index else graph
        self.base = base if base is not None else _detect_base(self.g)
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.documents: dict[str, str] = {}
        self._region_cache: dict[URIRef, URIRef | None] = {}
        self._pending_parts: dict[URIRef, URIRef] = {}  # component -> its printed parent, in reading order
        self._pending_publishers: list[tuple[URIRef, URIRef]] = []  # (plan, publisher)
        self.units: list[tuple[str, str]] = []  # (organisation, the organisation it is a unit of)

    # -- small helpers
    def ru(self, subject, *predicates) -> str | None:
        """The first @ru (else untagged, else any) value of the first predicate that has one."""
        for predicate in predicates:
            values = list(self.g.objects(subject, predicate))
            for wanted in ("ru", None):
                for v in values:
                    if getattr(v, "language", None) == wanted:
                        return " ".join(str(v).split())
            if values:
                return " ".join(str(values[0]).split())
        return None

    def en(self, subject, predicate) -> str | None:
        for v in self.g.objects(subject, predicate):
            if getattr(v, "language", None) == "en":
                return str(v)
        return None

    def typed(self, cls) -> set[URIRef]:
        return {s for s in self.g.subjects(RDF.type, cls) if isinstance(s, URIRef)}

    def edge(self, source, target, kind: str, label: str, title: str = "", amount=None, qualifiers=()) -> None:
        # ids interned: one string per node, which a kept fragment (graph/fragments.py) then pickles once
        self.edges.append(Edge(f"e{len(self.edges)}", sys.intern(str(source)), sys.intern(str(target)), kind, label,
                               title, amount, tuple(qualifiers)))

    def provenance(self, subject) -> tuple[str | None, list[tuple[str, str]]]:
        document = self.g.value(subject, PROV.wasDerivedFrom)
        if document is None:
            return None, []
        doc_id = self.ru(document, DCTERMS.identifier) or str(document).rstrip("/").rsplit("/", 1)[-1]
        name = self.ru(document, DCTERMS.title) or doc_id
        self.documents.setdefault(doc_id, name)
        lines = sorted(int(v) for v in self.g.objects(subject, PKG.sourceLine))
        where = name + (f", line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}" if lines else "")
        return doc_id, [("source", where)]

    def add(self, node: Node) -> Node:
        node.id = sys.intern(node.id)
        if node.task:
            node.task = sys.intern(node.task)
        self.nodes[node.id] = node
        return node

    def other_names(self, subject, *current: str) -> list[str]:
        """Former names (SKOS-XL alternative labels with their validity: «Нур-Султан (2019-03-23 –
        2022-09-16)») and the other alternative labels, without the names the node already shows."""
        result, seen = [], set(current)
        for label in sorted(self.g.objects(subject, SKOSXL.altLabel)):
            name = self.ru(label, SKOSXL.literalForm)
            if not name or name in seen:
                continue
            seen.add(name)
            start, end = self.g.value(label, SCHEMA.validFrom), self.g.value(label, SCHEMA.validThrough)
            result.append(f"{name} ({start or '…'} – {end or '…'})" if start or end else name)
        for name in sorted({" ".join(str(v).split()) for p in (SKOS.altLabel, SKOS.hiddenLabel)
                            for v in self.g.objects(subject, p)} - seen):
            result.append(name)
        return result

    def named(self, node: Node, subject) -> Node:
        """The node with its other names, in its details and for search."""
        node.names = self.other_names(subject, node.label, node.title)
        if node.names:
            node.details.insert(1, ("other names", "; ".join(node.names)))
        return node

    # -- the whole network
    def read(self) -> NetworkModel:
        self._plans()
        self._tasks_and_sections()
        self._measures()
        self._items_and_allocations()
        self._context_edges()
        self._facets()
        self._money()
        return NetworkModel(self.nodes, self.edges, self.base, dict(sorted(self.documents.items())))

    def _plans(self) -> None:
        for plan in sorted(self.typed(PKG.Plan)):
            title = self.ru(plan, DCTERMS.title, RDFS.label) or str(plan)
            year = self.g.value(plan, PKG.planYear) or self.g.value(plan, DCTERMS.issued)
            doc, source = self.provenance(plan)
            publisher = self.g.value(plan, DCTERMS.publisher)
            issuer = self._short_org(publisher) if publisher is not None else None
            label = _plan_label(title, issuer, str(year)[:4] if year is not None else None)
            self.add(Node(str(plan), "plan", label, title, [("plan", title), *source], document=doc))
            if publisher is not None:
                self._pending_publishers.append((plan, publisher))

    def _component(self, subject, kind: str, label: str, extra: list[tuple[str, str]] = ()) -> Node:
        title = self.ru(subject, RDFS.label, DCTERMS.title) or label
        doc, source = self.provenance(subject)
        number = self.ru(subject, PKG.number)
        node = self.add(Node(str(subject), kind, label, title, [*extra, *source], document=doc, number=number))
        parent = self.g.value(subject, PKG.directPartOf)
        if parent is not None:
            self._pending_parts[subject] = parent
        return node

    def _tasks_and_sections(self) -> None:
        for task in sorted(self.typed(PKG.Task)):
            number = self.ru(task, PKG.number) or "?"
            node = self._component(task, "task", f"Задача {number}")
            node.task = node.id
        for section in sorted(self.typed(PKG.Section)):
            number = self.ru(section, PKG.number) or "?"
            form = self.ru(section, PKG.form)
            node = self._component(section, "task", f"Раздел {number}", [("form", form)] if form else [])
            node.task = node.id
        tasks = self.typed(PKG.Task)
        for group in sorted(self.typed(PKG.MeasureGroup)):  # an action plan's sections and headings
            if group in tasks:
                continue
            number = self.ru(group, PKG.number)
            title = self.ru(group, DCTERMS.title) or ""
            short = " ".join(title.split()[:3])
            node = self._component(group, "task", f"{number}. {short}" if number else short)
            node.task = node.id

    def _measures(self) -> None:
        subs = self.typed(PKG.SubMeasure)
        for measure in sorted(self.typed(PKG.Measure), key=_number_key):
            number = self.ru(measure, PKG.number) or str(measure).rsplit("/", 1)[-1]
            details = []
            deadline = self.ru(measure, PKG.deadlineText)
            due = self.g.value(measure, PKG.dueDate)
            start = self.g.value(measure, PKG.startDate)
            if deadline:
                details.append(("deadline", deadline + (f" (due {due})" if due is not None else "")))
            responsible = self._responsibilities(measure)
            if responsible:
                details.append(("responsible", "; ".join(text for _, text, _ in responsible)))
            programmes = [self.ru(p, SKOS.prefLabel, RDFS.label) or str(p)
                          for p in self.g.objects(measure, PKG.mentionsProgramme)]
            if programmes:
                details.append(("programmes", "; ".join(sorted(programmes))))
            for key, prop in (("form of completion", PKG.completionForm), ("cost", PKG.costText),
                              ("funding", PKG.fundingText)):  # action plans' extra columns
                text = self.ru(measure, prop)
                if text:
                    details.append((key, text))
            node = self._component(measure, "sub-measure" if measure in subs else "measure", number, details)
            node.due = str(due) if due is not None else None
            node.start = str(start) if start is not None else None
            for org, text, roles in responsible:
                if org is not None:
                    node.organisations.add(sys.intern(str(org)))
                    words = ", ".join(ROLE_WORDS[r] for r in roles)
                    self.edge(org, measure, roles[0], words, f"{self._short_org(org)} → {number}: {words}",
                              qualifiers=roles[1:])
            for earlier in sorted(self.g.objects(measure, PKG.dependsOn), key=_number_key):
                self.edge(measure, earlier, "depends-on", "depends on",
                          f"{number} depends on {self.ru(earlier, PKG.number) or earlier}")

    def _responsibilities(self, measure) -> list[tuple[URIRef | None, str, list[str]]]:
        """(organisation or None, text for the tooltip, edge kinds) per printed responsibility."""
        result = []
        for r in sorted(self.g.objects(measure, PROV.qualifiedAttribution)):
            agent = self.g.value(r, PROV.agent)
            roles = set(self.g.objects(r, DCAT.hadRole))
            kinds = ["lead" if PKG.Lead in roles else "co-executor"]
            if PKG.ByAgreement in roles:
                kinds.append("by-agreement")
            if PKG.ConsolidationAndControl in roles:
                kinds.append("consolidation-control")
            name = self._short_org(agent) if agent is not None else f"«{self.ru(r, RDFS.label) or '?'}» (unresolved)"
            result.append((agent, f"{name} ({', '.join(ROLE_WORDS[k] for k in kinds)})", kinds))
        return result

    def _short_org(self, org) -> str:
        """The abbreviation (ДРПСУ), else the name with «области» → «обл.», «города» → «г.», cut at 30."""
        alt = sorted((str(a) for a in self.g.objects(org, SKOS.altLabel)), key=len)
        if alt and len(alt[0]) <= 12:
            return alt[0]
        name = self.ru(org, SKOS.prefLabel, RDFS.label) or str(org).rsplit("/", 1)[-1]
        return _shorten(name.replace(" области", " обл.").replace("Акимат города ", "Акимат г. "), 30)

    def _items_and_allocations(self) -> None:
        for item in sorted(self.typed(PKG.GrantItem), key=_number_key):
            number = self.ru(item, PKG.number) or "?"
            details = []
            total = self._amount(self.g.value(item, PKG.totalMaximumGrant))
            if total is not None:
                details.append(("total maximum grant", _money_text(total)))
            printed = self.ru(item, PKG.printedBeneficiaries)
            if printed:
                details.append(("beneficiaries (printed)", printed))
            duration = self.ru(item, PKG.durationText)
            if duration:
                details.append(("duration", duration))
            node = self._component(item, "item", number, details)
            node.money = total
        for allocation in sorted(self.typed(PKG.GrantAllocation), key=lambda a: _number_key(self.g.value(a, PKG.allocationOf) or a) + (str(a),)):
            territory = self.ru(allocation, PKG.printedTerritory) or ""
            amount = self._amount(self.g.value(allocation, PKG.maximumGrant))
            details = [("territory (printed)", territory)] if territory else []
            details.append(("maximum grant", _money_text(amount) if amount is not None else "not printed"))
            # labelled by its amount (thousand som): the territory is the region it points to, and its tooltip
            label = _money_short(amount).replace(" тыс.", "") if amount is not None else "—"
            node = self._component(allocation, "allocation", label, details)
            node.money = amount
            item = self.g.value(allocation, PKG.allocationOf)
            if item is not None:
                self.edge(allocation, item, "funds", _money_short(amount) if amount is not None else "funds",
                          f"{territory}: {_money_text(amount) if amount is not None else 'amount not printed'}",
                          amount)
                self._pending_parts.pop(allocation, None)  # its item is joined by «funds» instead

    def _amount(self, amount) -> Decimal | None:
        if amount is None:
            return None
        value = self.g.value(amount, SCHEMA.maxValue)
        try:
            return Decimal(str(value)) if value is not None else None
        except ArithmeticError:
            return None

    # -- context: organisations, programmes, regions, beneficiaries
    def _context_edges(self) -> None:
        for child, parent in self._pending_parts.items():
            if str(parent) in self.nodes:
                self.edge(child, parent, "part-of", "part of")
        components = [n for n in list(self.nodes.values()) if NODE_TYPES[n.type].component]
        for node in components:
            subject = URIRef(node.id)
            for programme in self.g.objects(subject, PKG.mentionsProgramme):
                self._programme(programme)
                self.edge(subject, programme, "mentions", "mentions")
            if node.type in ("measure", "sub-measure"):
                places = list(self.g.objects(subject, PKG.concerns))
            elif node.type == "allocation":
                places = list(self.g.objects(subject, PKG.territory))
            else:
                places = []
            for region, named in self._regions_of(places).items():
                self._region(region)
                self.edge(subject, region, "targets", "territory" if node.type == "allocation" else "concerns",
                          ", ".join(sorted(named)))
            for concept in self.g.objects(subject, PKG.serves):
                self._beneficiary(concept)
                self.edge(subject, concept, "serves", "serves")
        for plan, publisher in self._pending_publishers:
            self._organisation(publisher)
            self.edge(publisher, plan, "publisher", "publisher")
        for e in list(self.edges):
            if e.kind in RESPONSIBLE_KINDS:
                self._organisation(URIRef(e.source))
        # akimat → region it governs; unit → parent, when both are in the network
        for org_id, node in list(self.nodes.items()):
            if node.type != "organisation":
                continue
            org = URIRef(org_id)
            for place in self.g.objects(org, PKG.executiveOf):
                region = self._region_of(place)
                if region is not None:
                    self._region(region)
                    self.edge(org, region, "governs", "governs")
            for parent in [*self.g.objects(org, ORG.unitOf), *self.g.objects(org, ORG.subOrganizationOf)]:
                self.units.append((org_id, str(parent)))  # for joining documents: the parent may be another's
                if str(parent) in self.nodes:
                    self.edge(org, parent, "unit-of", "unit of")

    def _organisation(self, org) -> None:
        if str(org) in self.nodes:
            return
        name = self.ru(org, SKOS.prefLabel, RDFS.label) or str(org)
        details = [("organisation", name)]
        english = self.en(org, SKOS.prefLabel)
        if english:
            details.append(("in English", english))
        doc, source = self.provenance(org)
        self.named(self.add(Node(str(org), "organisation", self._short_org(org), name, details + source,
                                 minor=(org, RDF.type, PKG.Akimat) in self.g)), org)

    def _programme(self, programme) -> None:
        if str(programme) in self.nodes:
            return
        name = self.ru(programme, SKOS.prefLabel, RDFS.label) or str(programme)
        quoted = _QUOTED.findall(name)
        label = f"«{quoted[-1]}»" if quoted else _shorten(name, 28)
        self.named(self.add(Node(str(programme), "programme", label, name, [("programme", name)])), programme)

    def _region(self, region) -> None:
        if str(region) in self.nodes:
            return
        name = self.ru(region, SKOS.prefLabel, RDFS.label) or str(region)
        details = [("region", name)]
        code = self.ru(region, PKG.iso3166_2)
        if code:
            details.append(("ISO 3166-2", code))
        english = self.en(region, SKOS.prefLabel)
        if english:
            details.append(("in English", english))
        self.named(self.add(Node(str(region), "region", name.replace(" область", " обл."), name, details)), region)

    def _beneficiary(self, concept) -> None:
        if str(concept) in self.nodes:
            return
        name = self.ru(concept, SKOS.prefLabel, RDFS.label) or str(concept)
        details = [("beneficiary category", name)]
        english = self.en(concept, SKOS.prefLabel)
        if english:
            details.append(("in English", english))
        self.named(self.add(Node(str(concept), "beneficiary", _shorten(name, 28), name, details)), concept)

    def _region_of(self, place) -> URIRef | None:
        """The first-level region (or city of republican significance) a place lies in; None for a country."""
        if place in self._region_cache:
            return self._region_cache[place]
        result, here, seen = None, place, set()
        while here is not None and here not in seen:
            seen.add(here)
            if (here, RDF.type, PKG.Country) in self.g:
                break
            if (here, RDF.type, PKG.Region) in self.g:
                result = here
                break
            here = self.g.value(here, SCHEMA.containedInPlace)
        self._region_cache[place] = result
        return result

    def _regions_of(self, places) -> dict[URIRef, list[str]]:
        result: dict[URIRef, list[str]] = {}
        for place in places:
            region = self._region_of(place)
            if region is not None:
                result.setdefault(region, []).append(self.ru(place, SKOS.prefLabel, RDFS.label) or str(place))
        return result

    # -- facets and money
    def _facets(self) -> None:
        """Tasks, regions and organisations of components, for the page's filters."""
        parents = {e.source: e.target for e in self.edges if e.kind in ("part-of", "funds")}
        governs = defaultdict(set)
        for e in self.edges:
            if e.kind == "governs":
                governs[e.source].add(e.target)
        for node in self.nodes.values():  # the task or section a component lies in
            if NODE_TYPES[node.type].component and node.type not in ("plan", "task"):
                here, seen = node.id, set()
                while here in parents and self.nodes[here].type != "task" and here not in seen:
                    seen.add(here)
                    here = parents[here]
                node.task = here if self.nodes[here].type == "task" else None
        for e in self.edges:
            source = self.nodes[e.source]
            if e.kind == "targets":
                source.regions.add(e.target)
            elif e.kind in RESPONSIBLE_KINDS:
                self.nodes[e.target].regions |= governs.get(e.source, set())
        for e in self.edges:  # an item targets what its allocations target
            if e.kind == "funds":
                self.nodes[e.target].regions |= self.nodes[e.source].regions

    def _money(self) -> None:
        """Sections and plans: the sum of their items' totals (else their allocations); regions: every
        allocation naming them, in full."""
        items = [n for n in self.nodes.values() if n.type == "item"]
        allocations_of = defaultdict(list)
        for e in self.edges:
            if e.kind == "funds" and e.amount is not None:
                allocations_of[e.target].append(e.amount)
        parents = {e.source: e.target for e in self.edges if e.kind == "part-of"}
        for item in items:
            if item.money is None and allocations_of.get(item.id):
                item.money = sum(allocations_of[item.id], Decimal(0))
            here = item.id
            while here in parents:
                here = parents[here]
                if item.money is not None:
                    self.nodes[here].money = (self.nodes[here].money or Decimal(0)) + item.money
        for e in self.edges:
            if e.kind == "targets" and self.nodes[e.source].type == "allocation" and self.nodes[e.source].money:
                region = self.nodes[e.target]
                region.money = (region.money or Decimal(0)) + self.nodes[e.source].money


ROLE_WORDS = {"lead": "lead", "co-executor": "co-executor", "by-agreement": "by agreement",
              "consolidation-control": "consolidation and control"}


def _detect_base(graph: Graph) -> str:
    for plan in graph.subjects(RDF.type, PKG.Plan):
        text = str(plan)
        if "/plan/" in text:
            return text.rsplit("/plan/", 1)[0] + "/"
    return ""


def _number_key(subject) -> tuple:
    tail = str(subject).rstrip("/").rsplit("/", 1)[-1]
    parts = tail.split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts) if tail else ()


def _plan_label(title: str, issuer: str | None, year: str | None) -> str:
    """«МТСЗН 2020» over «Дорожная карта: Создание возможностей…»: the issuer and year tell plans apart
    (a plan's IRI is made of them), the kind and topic from its title say what it is."""
    words = title.split()
    kind = " ".join(words[:2])
    if words and words[0].isupper():
        kind = kind.capitalize()
    quoted = _QUOTED.findall(title)
    topic = quoted[0] if quoted else " ".join(words[2:])
    topic = re.sub(r"\s*на \d{4}(?:\s*[–-]\s*\d{4})?\s*годы?\b.*$", "", topic)  # the year is on line one
    topic = re.sub(r"^по (реализации|развитию)\s+", "", topic).strip(" «»\"")
    first = " ".join(x for x in (issuer, year) if x)
    second = f"{kind}: {_shorten(topic, 30)}" if topic else kind
    return f"{first}\n{second}" if first else second


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip(" ,;:.(") + "…"


def _money_text(amount: Decimal) -> str:
    """1054900 → «1 054 900 сом (1 054,9 тыс.)»."""
    whole = f"{amount:,.0f}".replace(",", "\u202f")
    thousands = f"{amount / 1000:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{whole} сом ({thousands} тыс.)"


def _money_short(amount: Decimal) -> str:
    return f"{amount / 1000:,.1f}".replace(",", "\u202f").replace(".", ",") + " тыс."




# ---------------------------------------------------------------------------------------------- overview

OVERVIEW_NODES = 3000  # above this many nodes the build's page shows the overview


def overview(model: NetworkModel) -> NetworkModel:
    """The network at the scale of plans: one node per plan, organisation and region, and one edge per
    plan and organisation (its lead and co-executor duties counted) or plan and region (its components
    that target or fund the region counted). Tasks, measures, items and allocations are left out: each
    plan's own page (`policykg view --focus PLAN`) shows them. Made once per model (the page and the
    analytics both need it; 0.6 s at 1,000 documents)."""
    return model.derived("_overview", _overview)


def _overview(model: NetworkModel) -> NetworkModel:
    kept = {k: n for k, n in model.nodes.items() if n.type in ("plan", "organisation", "region")}
    plan_of = {n.id: n.document for n in model.nodes.values() if NODE_TYPES[n.type].component}
    plans = {n.document: n.id for n in kept.values() if n.type == "plan"}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for e in model.edges:
        if e.kind in ("lead", "co-executor", "targets", "funds"):
            for component, other in ((e.source, e.target), (e.target, e.source)):
                plan = plans.get(plan_of.get(component))
                if plan and other in kept and kept[other].type != "plan":
                    kind = e.kind if e.kind in RESPONSIBLE_KINDS else "targets"
                    counts[(plan, other, kind)] += 1
                    break
    edges = [Edge(f"o{i}", plan, other, kind, str(n), f"{n} {'duties' if kind in RESPONSIBLE_KINDS else 'components'}")
             for i, ((plan, other, kind), n) in enumerate(sorted(counts.items()))]
    linked = {e.target for e in edges} | set(plans.values())
    return NetworkModel({k: n for k, n in kept.items() if k in linked}, edges, model.base, dict(model.documents))
