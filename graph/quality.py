"""The quality report: what a reviewer should look at after a build.

Findings come from the readers (unresolved names, fuzzy matches, rows that
could not be paired) and from checks over the finished records (regional
amounts against their totals, «Итого» lines, indicator arithmetic).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from .normalize.targets import check_arithmetic
from .records import DocumentRecords, Finding

# Headings of the human-readable report, in the order a reviewer should read them.
KINDS = {
    "sum-mismatch": "Regional amounts that do not add up to their total",
    "subtotal-mismatch": "«Итого» lines that differ from the sum of their items",
    "arithmetic-slip": "Indicator arithmetic that does not hold",
    "unresolved-organisation": "Organisations and abbreviations that could not be resolved",
    "unresolved-place": "Place names refused (nothing close enough)",
    "unlisted-place": "Places not in the gazetteer, kept under their region",
    "fuzzy-place": "Place names matched with tolerance",
    "unresolved-beneficiary": "Beneficiary categories not in the vocabulary",
    "unresolved-executor-category": "Executor categories not in the vocabulary",
    "unpaired-amounts": "Territories and amounts that could not be paired",
    "no-deadline": "Measures without a deadline",
    "curation": "Curation entries applied",
}


# How much each kind matters, as a SHACL severity name: figures that disagree and names that could not be
# resolved need a reviewer ('warning'); tolerant matches and applied curation are for information.
SEVERITY = {
    "sum-mismatch": "warning", "subtotal-mismatch": "warning", "arithmetic-slip": "warning",
    "unresolved-organisation": "warning", "unresolved-place": "warning", "unresolved-beneficiary": "warning",
    "unresolved-executor-category": "warning", "unpaired-amounts": "warning", "no-deadline": "warning",
    "unlisted-place": "info", "fuzzy-place": "info", "curation": "info",
}


def severity(finding: Finding) -> str:
    return SEVERITY.get(finding.kind, "warning")


def figures(finding: Finding) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(stated, computed, computed − stated) of a finding with figures; Nones otherwise."""
    data = finding.data
    stated = data.get("total", data.get("stated"))
    computed = data.get("sum", data.get("computed"))
    if stated is None or computed is None:
        return None, None, None
    stated, computed = Decimal(str(stated)), Decimal(str(computed))
    return stated, computed, computed - stated


def numbered(findings: list[Finding]) -> list[tuple[int, Finding]]:
    """Each finding with its number within its document (1, 2, …): the number in its IRI."""
    counts: dict[str, int] = {}
    out = []
    for f in findings:
        counts[f.document] = counts.get(f.document, 0) + 1
        out.append((counts[f.document], f))
    return out


def check_records(records: DocumentRecords) -> list[Finding]:
    """Checks over finished records: sums, subtotals, arithmetic."""
    doc = records.plan.prov.document if records.plan.prov else ""
    found: list[Finding] = []
    for item in records.items:
        amounts = [a.amount.value for a in item.allocations if a.amount is not None]
        if item.total is not None and amounts:
            total = sum(amounts, Decimal(0))
            if total != item.total.value:
                found.append(Finding(
                    "sum-mismatch",
                    f"item {item.number}: regional amounts add up to {total}, the total says {item.total.value} "
                    f"(difference {total - item.total.value})",
                    doc, item.prov.lines, f"item {item.number}",
                    {"total": str(item.total.value), "sum": str(total), "difference": str(total - item.total.value),
                     "regions": len(amounts)}))
        texts = item.indicators + [a.indicator for a in item.allocations if a.indicator]
        for text in texts:
            for formula in check_arithmetic(text):
                if not formula["holds"]:
                    found.append(Finding(
                        "arithmetic-slip",
                        f"item {item.number}: «{formula['text']}» — the product is {formula['computed']}, not {formula['stated']}",
                        doc, item.prov.lines, f"item {item.number}",
                        {"formula": formula["text"], "computed": str(formula["computed"]), "stated": str(formula["stated"])}))
    by_number = {i.number: i for i in records.items}
    for sub in records.subtotals:
        total = sum((by_number[n].total.value for n in sub.items if by_number[n].total), Decimal(0))
        if total != sub.amount.value:
            found.append(Finding(
                "subtotal-mismatch",
                f"«{sub.label}» of section {sub.section} is {sub.amount.value}, its items add up to {total}",
                doc, sub.prov.lines, f"section {sub.section}",
                {"stated": str(sub.amount.value), "sum": str(total), "items": sub.items}))
    return found


def curation_findings(curation, document: str) -> list[Finding]:
    return [Finding("curation", f"{e.kind} {e.id}: {e.reason}", document, list(e.lines),
                    e.to or e.target, {"entry": e.id}) for e in curation.entries]


def summary(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return dict(sorted(counts.items()))


def render_markdown(findings: list[Finding], iri: Callable[[str, int], str] | None = None) -> str:
    """The report as Markdown: one table per kind of finding; with `iri(document, number)`, each
    finding links to its resource in the graph (the endpoint serves it as a page)."""
    out = ["# Quality report", ""]
    number = {id(f): n for n, f in numbered(findings)}
    if not findings:
        return "\n".join(out + ["Nothing to report.", ""])
    out += ["| kind | count |", "|---|---|"]
    out += [f"| {KINDS.get(k, k)} | {n} |" for k, n in summary(findings).items()]
    by_kind: dict[str, list[Finding]] = {}
    for f in findings:  # one pass, not one per kind (11,665 findings at 1,000 documents)
        by_kind.setdefault(f.kind, []).append(f)
    for kind, heading in list(KINDS.items()) + [(k, k) for k in sorted(by_kind) if k not in KINDS]:
        rows = by_kind.get(kind)
        if not rows:
            continue
        out += ["", f"## {heading}", "", "| document | lines | subject | finding |", "|---|---|---|---|"]
        for f in rows:
            lines = ", ".join(map(str, f.lines))
            message = " ".join(f.message.split()).replace("|", "/")
            if iri is not None:
                message = f"[{message}]({iri(f.document, number[id(f)])})"
            out.append(f"| {f.document} | {lines} | {f.subject or ''} | {message} |")
    return "\n".join(out) + "\n"
