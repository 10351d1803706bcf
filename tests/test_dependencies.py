"""Dependencies between measures (graph/dependencies.py) and their pkg:dependsOn triples.

Expected pairs are read off the printed roadmap (data/sources/000_d466afb8a09bde20.txt): which
measures have sub-measures, their numbering and their deadlines.
"""
from __future__ import annotations

import copy

import pytest
from rdflib import URIRef

from graph.dependencies import DEFINED_TERM, NUMBERING, dependencies, prerequisites
from graph.mapping import build_dataset
from graph.namespaces import PKG, Iris
from graph.records import Deadline, DocumentRecords, Measure, Plan, Provenance

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")



def m(number: str) -> URIRef:
    return Iris().part("kz-mtszn-2020-roadmap", "measure", number)


def test_measure_1_is_a_chain_and_1_4_uses_the_services_1_1_defines(roadmap):
    found = [d for d in dependencies(roadmap) if d[0].startswith("1.")]
    # 1.1 (до 28 января) → 1.2 (до 30 января) → 1.3 (апрель–июль) → 1.4 (до 20 декабря): dates rise with the
    # numbering; 1.1 ends «(далее – услуги)» and 1.4 is «Оказание услуг поставщиком».
    assert found == [("1.2", "1.1", NUMBERING), ("1.3", "1.2", NUMBERING),
                     ("1.4", "1.1", DEFINED_TERM), ("1.4", "1.3", NUMBERING)]


def test_a_deadline_that_contradicts_the_numbering_breaks_the_chain(roadmap):
    pairs = {(later, earlier) for later, earlier, _ in dependencies(roadmap)}
    # 2.1 «В течении 2020 г.» → 2.2 «2021 год», but 2.3 is due «до 1 июня 2020 г.», before 2.2 (and 2.1) ends
    assert ("2.2", "2.1") in pairs
    assert not any(later == "2.3" for later, _ in pairs)


def test_equal_and_unknown_deadlines_keep_the_order(roadmap):
    pairs = {(later, earlier) for later, earlier, _ in dependencies(roadmap)}
    assert ("6.3", "6.2") in pairs  # both 18 February 2020
    assert ("6.4", "6.3") in pairs  # «ежемесячно»: no due date
    assert ("18.2", "18.1") in pairs and ("18.3", "18.2") in pairs  # «с 1 июля 2020», «с 1 января 2021»: open ends


def test_every_dependency_of_the_roadmap(roadmap):
    # Measures with sub-measures: 1 (4 sub-measures), 2 (3), 4 (3), 5 (2), 6 (4), 9 (2), 10 (4), 11 (2), 12 (2),
    # 13 (2), 14 (3), 15 (4), 18 (3), 19 (3), 21 (2): 43 sub-measures in 15 chains = 28 steps; 2.3 → 2.2 is vetoed
    # by the deadlines and 1.4 → 1.1 (the defined term) is added.
    steps = {"1": 4, "2": 3, "4": 3, "5": 2, "6": 4, "9": 2, "10": 4, "11": 2, "12": 2, "13": 2, "14": 3, "15": 4,
             "18": 3, "19": 3, "21": 2}
    expected = sum(n - 1 for n in steps.values()) - 1 + 1
    found = dependencies(roadmap)
    assert len(found) == expected == 28
    assert {rule for _, _, rule in found} == {NUMBERING, DEFINED_TERM}
    assert all(later.split(".")[0] == earlier.split(".")[0] for later, earlier, _ in found)  # never across measures


def test_top_level_measures_and_grant_items_are_not_chained(roadmap, grant_plan):
    assert not any("." not in later for later, _, _ in dependencies(roadmap))
    assert dependencies(grant_plan) == []


def _measure(number: str, end: str | None, title: str = "Мероприятие", kind: str = "by") -> Measure:
    parent = number.split(".")[0]
    return Measure(number=number, level="sub-measure", task=1, parent=parent, title=title, heading=None,
                   detail=None, deadline=Deadline(text=end or "ежемесячно", kind=kind if end else "recurring", end=end),
                   executors_text="", responsibilities=[], prov=Provenance("doc", [1]))


def _records(*measures: Measure) -> DocumentRecords:
    return DocumentRecords(plan=Plan(id="p", layout="roadmap", country="KZ", title="План", year=2020),
                           measures=list(measures))


def test_numbering_is_numeric_and_gaps_are_skipped():
    records = _records(_measure("3.10", "2020-10-01"), _measure("3.9", "2020-09-01"), _measure("3.2", "2020-02-01"))
    assert dependencies(records) == [("3.9", "3.2", NUMBERING), ("3.10", "3.9", NUMBERING)]


def test_a_defined_term_in_another_grammatical_form():
    records = _records(
        _measure("4.1", "2020-01-10", "Разработка Атласа профессий (далее – Атлас)"),
        _measure("4.2", "2020-02-01", "Обсуждение с партнерами"),
        _measure("4.3", None, "Публикация Атласа на портале"))
    assert dependencies(records) == [("4.2", "4.1", NUMBERING), ("4.3", "4.1", DEFINED_TERM),
                                     ("4.3", "4.2", NUMBERING)]
    assert prerequisites(records) == {"4.2": ["4.1"], "4.3": ["4.1", "4.2"]}


def test_a_defined_term_is_vetoed_by_deadlines_too():
    records = _records(_measure("5.1", "2020-12-01", "Подготовка (далее – услуги)"),
                       _measure("5.2", "2020-06-01", "Другое"), _measure("5.3", "2020-03-01", "Оказание услуг"))
    assert dependencies(records) == []


def test_the_mapping_writes_depends_on_on_the_dependent_measure(roadmap, grant_plan):
    dataset = build_dataset([roadmap, grant_plan])
    assert set(dataset.objects(m("1.4"), PKG.dependsOn)) == {m("1.3"), m("1.1")}
    assert set(dataset.objects(m("2.3"), PKG.dependsOn)) == set()
    assert len(set(dataset.triples((None, PKG.dependsOn, None)))) == 28
    # provenance: the dependent measure's own (its document and source line)
    assert (m("1.4"), PKG.sourceLine, None) in dataset


def test_records_are_not_changed(roadmap):
    before = copy.deepcopy(roadmap.measures)
    dependencies(roadmap)
    assert roadmap.measures == before
