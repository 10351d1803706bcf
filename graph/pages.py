"""Resource pages that answer: a summary per type, shown above the property table.

A measure says where it sits (plan, group, number), what it is, when it is due (as printed and as
dates), who carries it out (in printed order, with roles), what it mentions (programmes,
beneficiaries, targets, reporting duties), where it was read and what the quality checks found. An
organisation lists its measures grouped by plan with role and deadline; a place its allocations with
their total; a plan its outline. Everything is read from the graph; every value is HTML-escaped.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SDO

from .interface import word
from .namespaces import PKG

_OUTLINE = re.compile(r"\d+")
MAX_SUMMARY_ROWS = 300  # measures in an organisation's summary; the rest through the catalogue query


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def outline_key(number) -> tuple:
    """«1.4» < «2.1» < «10.1»: a measure number as the tuple of its parts."""
    return tuple(int(n) for n in _OUTLINE.findall(str(number or ""))) or (10**9,)


# ?organisation is bound by the caller; it is projected because Oxigraph substitutes projected variables only
_ORGANISATION_MEASURES = f"""
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX pkg: <{PKG}>
SELECT DISTINCT ?organisation ?responsibility ?measure ?role ?number ?plan WHERE {{
  ?responsibility prov:agent ?organisation .
  ?measure prov:qualifiedAttribution ?responsibility .
  OPTIONAL {{ ?responsibility dcat:hadRole ?role }}
  OPTIONAL {{ ?measure pkg:number ?number }}
  OPTIONAL {{ ?measure pkg:partOf ?plan . ?plan a pkg:Plan }}
}}"""


class Summaries:
    """Summaries of resources of `linked` (a graph.linkeddata.LinkedData)."""

    def __init__(self, linked):
        self.linked = linked
        self.g = linked.dataset
        self.lang = getattr(linked, "page_lang", "en")  # field names in the page's language

    def w(self, key: str, **values) -> str:
        text = word(key, self.lang)
        return text.format(**values) if values else text

    def _v(self, s, p):
        return self.g.value(s, p)

    def _all(self, s, p):
        return sorted(set(self.g.objects(s, p)), key=str)

    def summary(self, iri: URIRef) -> str:
        types = set(self.g.objects(iri, RDF.type))
        if PKG.Measure in types or PKG.Task in types or PKG.GrantItem in types:
            return self.measure(iri)
        if self.g.value(predicate=PROV.agent, object=iri) is not None:
            return self.organisation(iri)
        if types & {PKG.Region, PKG.District, PKG.Town, PKG.Country}:
            return self.place(iri)
        if PKG.Plan in types:
            return self.plan(iri)
        return ""

    # ------------------------------------------------------------ parts

    def _link(self, node) -> str:
        return self.linked._link(node)

    def _dl(self, rows) -> str:
        items = [f'<dt data-key="{_e(k)}">{_e(self.w(k))}</dt><dd>{v}</dd>' for k, v in rows if v]
        return "<dl>" + "".join(items) + "</dl>" if items else ""

    def _plan_of(self, node):
        for parent in self.g.objects(node, PKG.partOf):
            if (parent, RDF.type, PKG.Plan) in self.g:
                return parent
        return None

    def executors(self, measure) -> list[tuple[int, str, object, str]]:
        """(position, role label, agent or None, printed label) in printed order."""
        rows = []
        for n, responsibility in enumerate(sorted(self.g.objects(measure, PROV.qualifiedAttribution), key=str)):
            position = self._v(responsibility, PKG.printedPosition)
            role = self._v(responsibility, DCAT.hadRole)
            rows.append((int(position) if position is not None else 1000 + n,
                         self.linked.label(role) if role is not None else "",
                         self._v(responsibility, PROV.agent), self.linked.label(responsibility)))
        return sorted(rows, key=lambda r: r[0])

    def _deadline(self, node) -> str:
        printed = self._v(node, PKG.deadlineText)
        start, due = self._v(node, PKG.startDate), self._v(node, PKG.dueDate)
        recurrence = self._v(node, PKG.recurrence)
        dates = " – ".join(str(d) for d in (start, due) if d is not None)
        parts = []
        if printed is not None:
            parts.append(f'<span class="printed">«{_e(printed)}»</span>')
        if dates:
            parts.append(f'<span class="dates">{_e(dates)}</span>')
        if recurrence is not None:
            parts.append(_e(recurrence))
        return " → ".join(parts)

    # ------------------------------------------------------------ per type

    def measure(self, iri) -> str:
        executors = self.executors(iri)
        items = []
        for _, role, agent, printed in executors:
            who = self._link(agent) if agent is not None else f"<span>{_e(printed)}</span> {_e(self.w('not resolved'))}"
            items.append(f'<li>{who}<span class="role">{_e(role)}</span></li>')
        findings = sorted(set(self.g.subjects(PKG.findingAbout, iri)), key=str)
        lines = sorted(int(x) for x in self.g.objects(iri, PKG.sourceLine) if str(x).isdigit())
        documents = [self._link(d) for d in self._all(iri, PROV.wasDerivedFrom)]
        rows = [
            ("plan", self._link(self._plan_of(iri)) if self._plan_of(iri) is not None else ""),
            ("group", ", ".join(self._link(x) for x in self._all(iri, PKG.directPartOf))),
            ("number", _e(self._v(iri, PKG.number) or "")),
            ("title", _e(self._v(iri, DCTERMS.title) or "")),
            ("deadline", self._deadline(iri)),
            ("executors", f'<ol class="executors">{"".join(items)}</ol>' if items else ""),
            ("form of completion", _e(self._v(iri, PKG.completionForm) or "")),
            ("programmes", ", ".join(self._link(x) for x in self._all(iri, PKG.mentionsProgramme))),
            ("beneficiaries", ", ".join(self._link(x) for x in self._all(iri, PKG.serves))),
            ("targets", "<br>".join(self._link(x) for x in self._all(iri, PKG.hasTarget))),
            ("reporting", "<br>".join(self._link(x) for x in self._all(iri, PKG.hasReportingDuty))),
            ("source", " ".join(documents) + (f', {self.w("lines")} {_e(", ".join(map(str, lines)))}' if lines else "")),
            ("quality findings", "<br>".join(f'<span class="finding">{self._link(f)}</span>' for f in findings)),
        ]
        lead = next((agent for _, role, agent, _ in executors if agent is not None), None)
        data = f' data-lead="{_e(lead)}"' if lead is not None else ""
        return f'<section class="summary" id="summary" data-kind="measure"{data}>{self._dl(rows)}</section>'

    def organisation(self, iri) -> str:
        # One query for all of it (on Oxigraph through oxrdflib): a ministry named in 7,744 measures took
        # 3.9 s as five look-ups per measure. A measure's first number and plan, a responsibility's first
        # role, as the look-ups took them.
        first: dict = {}
        for row in self.g.query(_ORGANISATION_MEASURES, initBindings={"organisation": iri}):
            first.setdefault((row.responsibility, row.measure), row)
        by_plan = defaultdict(list)
        for (_, measure), row in first.items():
            by_plan[row.plan].append((outline_key(row.number), measure, row.role))
        if not by_plan:
            return ""
        total = len({measure for rows in by_plan.values() for _, measure, _ in rows})
        out = ['<section class="summary" id="summary" data-kind="organisation">',
               f"<p>{_e(self.w('named in', n=total, plans=len(by_plan)))}</p>"]
        shown = 0  # a ministry in 1,000 plans: the first MAX_SUMMARY_ROWS measures, then the query for the rest
        for plan in sorted(by_plan, key=lambda p: (self.linked.label(p), str(p)) if p is not None else ("", "")):
            if shown >= MAX_SUMMARY_ROWS:
                break
            out.append(f'<h3 class="plan">{self._link(plan) if plan is not None else _e(self.w("no plan"))}</h3>')
            out.append('<table class="properties"><thead><tr>'
                       + "".join(f"<th>{_e(self.w(k))}</th>" for k in ("measure", "role", "deadline"))
                       + "</tr></thead><tbody>")
            seen = {}
            for key, measure, role in sorted(by_plan[plan], key=lambda r: (r[0], str(r[1]))):
                seen.setdefault(measure, []).append(self.linked.label(role) if role is not None else "")
            for measure, roles in list(seen.items())[:MAX_SUMMARY_ROWS - shown]:
                out.append(f"<tr><td>{self._link(measure)}</td><td>{_e(', '.join(sorted(set(roles))))}</td>"
                           f"<td>{self._deadline(measure)}</td></tr>")
            shown += min(len(seen), MAX_SUMMARY_ROWS - shown)
            out.append("</tbody></table>")
        if shown < total:
            query = f"/queries/measures-of-organisation?organisation={quote(str(iri), safe='')}"
            out.append(f'<p class="more"><a href="{_e(query)}">{_e(self.w("more measures", n=total - shown))}</a></p>')
        out.append("</section>")
        return "\n".join(out)

    def place(self, iri) -> str:
        allocations = sorted(set(self.g.subjects(PKG.territory, iri)), key=str)
        total = Decimal(0)
        rows = []
        for allocation in allocations:
            amount = None
            for grant in self.g.objects(allocation, PKG.maximumGrant):
                amount = self._v(grant, SDO.maxValue) or self._v(grant, URIRef("https://schema.org/maxValue"))
            try:
                total += Decimal(str(amount)) if amount is not None else 0
            except InvalidOperation:
                pass
            rows.append(f"<tr><td>{self._link(allocation)}</td><td>{_e(amount if amount is not None else '')}</td></tr>")
        measures = sorted(set(self.g.subjects(PKG.concerns, iri)), key=str)
        if not rows and not measures:
            return ""
        out = ['<section class="summary" id="summary" data-kind="place">']
        if rows:
            out += [f"<h3>{_e(self.w('allocations total', n=len(rows), total=total))}</h3>",
                    f'<table class="properties"><thead><tr><th>{_e(self.w("allocation"))}</th>'
                    f'<th>{_e(self.w("maximum grant"))}</th></tr></thead><tbody>',
                    *rows, "</tbody></table>"]
        if measures:
            out.append(f"<h3>{_e(self.w('concern it', n=len(measures)))}</h3><ul>"
                       + "".join(f"<li>{self._link(m)}</li>" for m in measures) + "</ul>")
        out.append("</section>")
        return "\n".join(out)

    def plan(self, iri) -> str:
        children = defaultdict(list)
        for child, parent in self.g.subject_objects(PKG.directPartOf):
            children[parent].append(child)

        def tree(node, depth=0) -> str:
            kids = sorted(children.get(node, []), key=lambda c: (outline_key(self._v(c, PKG.number)), str(c)))
            if not kids or depth > 6:
                return ""
            return "<ol>" + "".join(f"<li>{self._link(k)}{tree(k, depth + 1)}</li>" for k in kids) + "</ol>"

        outline = tree(iri)
        if not outline:
            return ""
        return f'<section class="summary" id="summary" data-kind="plan"><h3>{_e(self.w("outline"))}</h3>{outline}</section>'
