"""summary.json says whether the graph conforms, as a JSON boolean, and lists the results when it does not."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from graph.paths import ONTOLOGY_PATH, SHAPES_PATH
from graph.pipeline import validation_summary
from graph.validation import validate

INVALID = Path(__file__).resolve().parents[1] / "shapes" / "invalid" / "S13-deadline-order.ttl"


def test_summary_of_the_build_conforms(standards_build):
    summary = json.loads((standards_build / "summary.json").read_text(encoding="utf-8"))
    assert summary["validation"] == {"conforms": True, "results": {}, "violations": []}


def test_summary_lists_the_violations():
    data = Graph().parse(INVALID) + Graph().parse(ONTOLOGY_PATH)
    summary = validation_summary(validate(data, Graph().parse(SHAPES_PATH)))
    assert summary["conforms"] is False
    assert summary["results"] == {"Violation": 1}
    [violation] = summary["violations"]
    assert violation["focus"] == "https://w3id.org/policykg/plan/kz-2020/measure/1.3"
    assert violation["shape"].endswith("#S13-deadline-order")
    assert violation["path"] == "https://w3id.org/policykg/ontology#startDate"
    assert json.loads(json.dumps(summary)) == summary
