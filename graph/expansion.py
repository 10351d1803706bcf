"""What a node of the network's overview opens into: a plan, an organisation or a region, as parts.

The overview (graph/network.py `overview`) shows plans, organisations and regions. A click on one of
them on the page loads its *part*. A plan's part is what the full network's filter shows for its
document (NetworkModel.view(document=…)): its components and the context nodes joined to them. An
organisation's or a region's part is the components it is responsible for or that target it (the
filter's selection, NetworkModel.view(organisation=…) / region=) with their ancestors (part of), and
the edges among them and to it — not every other organisation joined to those components: an akimat
co-executes measures with seventeen others, and their edges made each such part 3 MB at 100
documents. Parts are computed here from indexes built once, so that a thousand plans do not cost a
thousand passes over the whole network.

An organisation or a region can be responsible for, or targeted by, thousands of components (an
akimat named in every roadmap): its part holds the first `PART_COMPONENTS` in document and number
order, and says how many it left out — the page prints it, and the plan's own part shows the rest.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .network import NODE_TYPES, Edge, NetworkModel

PART_COMPONENTS = 400  # components selected per organisation or region part


@dataclass
class Part:
    center: str
    nodes: list[str]  # node ids, the center included
    edges: list[Edge]
    selected: int  # components selected (before ancestors and context are added)
    total: int  # components matching: selected + left out

    @property
    def left_out(self) -> int:
        return self.total - self.selected


def parts(model: NetworkModel, centers, *, edges: bool = True) -> dict[str, Part]:
    """The part of every center (a plan, organisation or region id of the model); `edges=False` leaves
    each part's edges empty (the build's page writes a part's edges from its plans' scripts)."""
    component = {k for k, n in model.nodes.items() if NODE_TYPES[n.type].component}
    by_document, by_org, by_region = defaultdict(list), defaultdict(list), defaultdict(list)
    # walked in the reader's order (document, then number), so that each list is in that order unsorted
    for k, node in model.nodes.items():
        if k not in component:
            continue
        if node.document:
            by_document[node.document].append(k)
        for org in node.organisations:
            by_org[org].append(k)
        for region in node.regions:
            by_region[region].append(k)
    parents: dict[str, list[str]] = defaultdict(list)
    touching: dict[str, list[Edge]] = defaultdict(list)
    among_context = []
    for e in model.edges:
        if e.kind == "part-of":
            parents[e.source].append(e.target)
        if e.source in component:  # a component's edges only: a context node's are never walked
            touching[e.source].append(e)
        if e.target in component:
            touching[e.target].append(e)
        if edges and e.source not in component and e.target not in component:
            among_context.append(e)

    result = {}
    for center in centers:
        node = model.nodes[center]
        if node.type == "plan":
            matching, limit = by_document.get(node.document, []), None
        elif node.type == "organisation":
            matching, limit = by_org.get(center, []), PART_COMPONENTS
        elif node.type == "region":
            matching, limit = by_region.get(center, []), PART_COMPONENTS
        else:
            continue
        selected = matching[:limit] if limit else matching
        shown = dict.fromkeys(selected)
        stack = list(selected)
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in shown:
                    shown[parent] = None
                    stack.append(parent)
        for k in list(shown) if node.type == "plan" else ():  # an organisation's or region's: no context
            if k in component:
                for e in touching[k]:
                    other = e.target if e.source == k else e.source
                    if other not in component:
                        shown.setdefault(other)
        shown.setdefault(center)
        # edges through the components, then among the context nodes: an akimat's own edge list holds
        # thousands at 1,000 documents, and walking it for every part made this quadratic
        seen, through = set(), []
        for k in shown if edges else ():
            if k in component:
                for e in touching[k]:
                    if e.id not in seen and e.source in shown and e.target in shown:
                        seen.add(e.id)
                        through.append(e)
        through += [e for e in among_context if e.source in shown and e.target in shown]
        result[center] = Part(center, list(shown), through, len(selected), len(matching))
    return result
