"""Controlled vocabularies never widen a value: a known concept followed by a qualifier the
vocabulary does not list is a narrower, unreviewed value and stays unresolved, as printed."""
import pytest

from graph.normalize.vocabularies import split_beneficiaries, split_executor_categories


@pytest.mark.parametrize("cell, ids, unresolved", [
    ("НКО, работающие с детьми-сиротами", [], ["НКО, работающие с детьми-сиротами"]),
    ("НКО для лиц с инвалидностью", [], ["НКО для лиц с инвалидностью"]),
    ("НКО, оказывающие услуги пожилым, фонды", [], ["НКО, оказывающие услуги пожилым", "фонды"]),
    ("кризисные центры, НКО, имеющие опыт работы", ["kg-crisis-centres"], ["НКО, имеющие опыт работы"]),
    # what the vocabulary lists, qualifier included, is still the listed concept
    ("НКО, предоставляющие услуги беженцам", ["kg-non-profits-serving-refugees"], []),
    ("кризисные центры, работающие с коррекционной программой", ["kg-crisis-centres-correctional"], []),
    # a list is no qualifier: each name keeps its concept, an unknown one is reported by itself
    ("НКО, кризисные центры", ["kg-non-profits", "kg-crisis-centres"], []),
    ("НКО, фонды", ["kg-non-profits"], ["фонды"]),
])
def test_executor_categories_are_never_widened(cell, ids, unresolved):
    assert split_executor_categories(cell, "KG") == (ids, unresolved)


def test_beneficiaries_are_never_widened():
    ids, unresolved = split_beneficiaries("пожилые граждане, проживающие одни", "KG")
    assert (ids, unresolved) == ([], ["пожилые граждане, проживающие одни"])
