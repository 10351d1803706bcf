"""What a reader needs besides the document: reference data, curation, findings."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..curation import Curation
from ..normalize.places import Gazetteer
from ..records import Finding
from ..sources import Source


@dataclass
class ReadContext:
    source: Source
    gazetteer: Gazetteer
    curation: Curation = field(default_factory=Curation)
    findings: list[Finding] = field(default_factory=list)

    def report(self, kind: str, message: str, lines, subject: str | None = None, **data) -> None:
        self.findings.append(Finding(kind=kind, message=message, document=self.source.id,
                                     lines=list(lines), subject=subject, data=data))
