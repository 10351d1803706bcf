"""Network analytics (graph/analytics.py) on the bundled documents.

The expected figures were counted by hand in the printed documents (data/sources/), not taken from
the program:

Roadmap (000_d466afb8a09bde20.txt), «Ответственные исполнители»; the first body named is the lead:
- ДРПСУ is named in 1.1–1.4, 2.1–2.3, 3, 4.1, 4.2, 5.1, 5.2, 6.1, 10.1–10.3, 12.1, 13.1, 14.1–14.3,
  15.1–15.3, 16, 17, 18.1–18.3, 19.1, 21.1, 21.2 = 32 rows; named first in 1.1, 1.2, 1.3, 4.1, 4.2, 12.1,
  13.1, 15.1, 15.2, 15.3, 16, 17, 19.1 = 13.
- ДЗН is named in 1.1–1.4, 6.1–6.4, 8, 9.1, 9.2, 10.1–10.4, 11.1, 11.2, 12.2, 13.1, 14.1–14.3, 15.2, 15.3
  = 24 rows; first in 1.4, 6.1, 6.3, 8, 9.1, 9.2, 10.1, 10.2, 10.3, 11.1, 11.2, 12.2, 14.1, 14.2, 14.3 = 15.
- «Акиматы областей, городов Нур-Султан, Алматы, Шымкент» (every akimat) is named in 2.3, 3, 4.3, 5.1, 5.2,
  6.2, 6.3, 6.4, 7, 10.1, 10.2, 10.4, 12.2, 15.4, 16, 17, 18.1–18.3, 19.2, 20, 23, 24, 25, 26 = 25 rows, and
  2.1 names «Акиматы городов Нур-Султан, Шымкент и Акмолинской области»: the akimat of Nur-Sultan (Astana)
  has 26 measures; first in 2.1, 2.3, 3, 4.3, 5.2, 6.2, 6.4, 10.4, 15.4, 23, 24 = 11; «(по согласованию)»
  follows the akimats in every one of those rows but 23 = 25.
- Sub-measures in order: 1.1 до 28 января 2020 → 1.2 до 30 января → 1.3 апрель–июль → 1.4 до 20 декабря.

Grant plan (004_9c6dcb8432dd657d.txt), «Территория реализации» and «Макс. сумма гранта» (thousand som):
- Иссык-Кульская область: 1.2 510,0; 1.3 1700,0 (the rows printed under 1.4 that sum to 1.3's 5656,5);
  1.5 340,0; 4.1 642,1; 5.1 (no amount printed); 5.4 325,2; 5.5 325,2 → 7 allocations, 3 842,5 thousand.
- г. Бишкек: 1.3 2205,4; 1.5 367,6; 5.1 «Биппек» (no amount); 5.2 «г. Биппек» 459,5; 5.3 525,1; 5.4 700,1;
  5.5 350,1 → 4 607,8 thousand alone, and 1076,6 shared with Чуйская область («г. Бишкек, Чуйская область»).
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from graph import analytics as an
from graph.network import Edge, NetworkModel, Node, network_model

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")

BASE = "https://w3id.org/policykg/"


@pytest.fixture(scope="module")
def dataset(seed_dataset):
    return seed_dataset


@pytest.fixture(scope="module")
def model(dataset):
    return network_model(dataset)


def _row(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_the_organisation_with_the_most_measures(model):
    rows = an.organisations(model)
    top = rows[0]
    assert (top["label"], top["measures"], top["lead"], top["co_executor"]) == ("ДРПСУ", 32, 13, 19)
    dzn = _row(rows, "label", "ДЗН")
    assert (dzn["measures"], dzn["lead"]) == (24, 15)
    astana = _row(rows, "id", BASE + "org/akimat-kz-71")
    assert (astana["measures"], astana["lead"], astana["by_agreement"]) == (26, 11, 25)


def test_betweenness_ranks_the_departments_that_join_the_plan(model):
    rows = sorted(an.organisations(model), key=lambda r: -r["betweenness"])
    assert [r["label"] for r in rows[:2]] == ["ДРПСУ", "ДЗН"]


def test_betweenness_is_sampled_on_the_overview_of_large_graphs(model, monkeypatch):
    from graph.network import overview

    calls = []
    import networkx as nx
    real = nx.betweenness_centrality

    def spy(graph, k=None, **kwargs):
        calls.append((graph.number_of_nodes(), k))
        return real(graph, k=k, **kwargs)
    monkeypatch.setattr(nx, "betweenness_centrality", spy)
    monkeypatch.setattr(an, "SAMPLE_ABOVE", 100)
    monkeypatch.setattr(an, "MIN_K", 10)
    monkeypatch.setattr(an, "SAMPLE_K", 10)
    small = overview(model)
    first, second = an.betweenness(model), an.betweenness(model)
    assert calls == [(len(small.nodes), 10)] * 2 and first == second  # sampled, with a fixed seed: repeatable
    assert set(first) == set(small.nodes)  # plans, organisations and regions
    described = an.describe(model)
    assert described["betweenness"].startswith("on the overview graph (plans, organisations, regions: "
                                                f"{len(small.nodes)} nodes") and "10 pivots" in described["betweenness"]
    monkeypatch.setattr(an, "SAMPLE_ABOVE", 10_000)
    an.betweenness(model)
    assert calls[-1] == (len(model.nodes), None)
    assert an.describe(model)["betweenness"] == "exact"


def test_regions_by_grant_money(model):
    rows = an.regions(model)
    issyk_kul = _row(rows, "iso3166_2", "KG-Y")
    assert (issyk_kul["allocations"], issyk_kul["allocations_without_amount"]) == (7, 1)
    assert issyk_kul["grant_sole"] == Decimal("3842500") and issyk_kul["grant_shared"] == 0
    bishkek = _row(rows, "iso3166_2", "KG-GB")
    assert (bishkek["grant_sole"], bishkek["grant_shared"]) == (Decimal("4607800"), Decimal("1076600"))
    assert rows[0]["iso3166_2"] == "KG-GB"  # the most money


def test_regions_by_measures(model):
    astana = _row(an.regions(model), "iso3166_2", "KZ-71")
    # named by 2.1 («в Нур-Султане, Шымкенте и Акмолинской области»); its akimat is responsible for 26
    assert (astana["measures_named"], astana["measures_via_akimat"], astana["measures"]) == (1, 26, 26)
    assert astana["allocations"] == 0


def test_the_longest_chain_of_dependent_deadlines(model):
    chain = an.longest_chain(model)
    assert [(s["number"], s["due"]) for s in chain] == [
        ("1.1", "2020-01-28"), ("1.2", "2020-01-30"), ("1.3", "2020-07-31"), ("1.4", "2020-12-20")]
    as_long = [[s["number"] for s in c] for c in an.dependency_chains(model) if len(c) == 4]
    # four sub-measures in a row and no veto: measures 1, 6, 10 and 15
    assert as_long == [["1.1", "1.2", "1.3", "1.4"], ["6.1", "6.2", "6.3", "6.4"],
                       ["10.1", "10.2", "10.3", "10.4"], ["15.1", "15.2", "15.3", "15.4"]]


def test_no_deadline_contradicts_a_dependency_on_the_seeds(model):
    assert an.deadline_inconsistencies(model) == []
    assert len(an.dependency_pairs(model)) == 28


def _measure(number, due):
    return Node(f"m{number}", "sub-measure", number, number, [("deadline", f"до {due}")], document="d",
                due=due, number=number)


def test_a_measure_due_before_what_it_depends_on_is_reported():
    nodes = {n.id: n for n in (_measure("1.1", "2020-05-01"), _measure("1.2", "2020-03-01"), _measure("1.3", None))}
    model = NetworkModel(nodes, [Edge("e0", "m1.2", "m1.1", "depends-on", ""), Edge("e1", "m1.3", "m1.2", "depends-on", "")])
    (bad,) = an.deadline_inconsistencies(model)
    assert (bad["later"], bad["later_due"], bad["earlier"], bad["earlier_due"]) == ("1.2", "2020-03-01", "1.1", "2020-05-01")
    assert [s["number"] for s in an.longest_chain(model)] == ["1.1", "1.2", "1.3"]


def test_a_cycle_is_an_error():
    nodes = {n.id: n for n in (_measure("1.1", None), _measure("1.2", None))}
    model = NetworkModel(nodes, [Edge("e0", "m1.2", "m1.1", "depends-on", ""), Edge("e1", "m1.1", "m1.2", "depends-on", "")])
    with pytest.raises(ValueError, match="cycle"):
        an.dependency_chains(model)


def test_components_one_per_plan(model):
    rows = an.components(model)
    assert len(rows) == 2  # the two plans share no organisation, place, programme or beneficiary category
    assert sorted(r["documents"][0] for r in rows) == ["000_d466afb8a09bde20", "004_9c6dcb8432dd657d"]
    assert all(r["types"]["plan"] == 1 for r in rows)
    assert sum(r["size"] for r in rows) == len(model.nodes)


def test_describe_records_what_networkx_cannot_give(model):
    figures = an.describe(model)
    assert figures["components"] == 2
    assert figures["diameter"].startswith("n/a:")  # not connected


def test_timeline_rows(model):
    rows = an.timeline_rows(model)
    # 69 measures and sub-measures, less the 15 parents of sub-measures and 16 («в соответствии с медиа-планами»)
    # that print no deadline, less 6.4 («ежемесячно») and 13.2 («ежеквартально»): 51 with a date
    assert len(rows) == 51
    assert rows[0]["number"] == "1.1" and rows[0]["task"] == "Задача 1"
    assert [r["task"] for r in rows].count("Задача 4") == 2  # 25 and 26


def test_write_analytics(dataset, tmp_path):
    import csv
    import json

    files = an.write_analytics(dataset, tmp_path / "analytics")
    assert sorted(f.name for f in files) == ["analytics.json", "components.csv", "dependencies.csv",
                                            "organisations.csv", "regions.csv", "timeline.png"]
    data = json.loads((tmp_path / "analytics" / "analytics.json").read_text(encoding="utf-8"))
    assert data["organisations"][0]["label"] == "ДРПСУ"
    assert [s["number"] for s in data["longest_chain"]] == ["1.1", "1.2", "1.3", "1.4"]
    with (tmp_path / "analytics" / "regions.csv").open(encoding="utf-8") as f:
        bishkek = next(r for r in csv.DictReader(f) if r["iso3166_2"] == "KG-GB")
    assert bishkek["grant_sole"] == "4607800"
    png = (tmp_path / "analytics" / "timeline.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    # one figure per line, a list one item per line (as readable as indented JSON): the organisations'
    # rows are the lines between "organisations" and the next figure, each row as the table has it
    lines = (tmp_path / "analytics" / "analytics.json").read_text(encoding="utf-8").splitlines()
    first = lines.index('  "organisations": [') + 1
    rows = lines[first:lines.index("  ],", first)]
    assert len(rows) == len(data["organisations"]) >= 2
    assert [json.loads(r.rstrip(",")) for r in rows] == data["organisations"]
    assert data == an.analytics(network_model(dataset)).to_json()
