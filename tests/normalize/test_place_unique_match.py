"""Place names with their type printed («г.», «город», «обл.», «р-н»): the prefix is split off, the
country and the printed level restrict the candidates, and a unique unit one edit away is accepted
(the unique-best-match rule, places.UNIQUE_EDITS) with its score and runner-up recorded."""
import pytest

from graph.normalize.places import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


# printed, country, place, score (fuzz.ratio of the keys), runner-up
ACCEPTED = [
    ("г. Бишкак", "KG", "KG-GB", 83.3, "KG-C-tokmok"),   # бишкак ~ бишкек: one substitution in six letters
    ("г.Бишкак", "KG", "KG-GB", 83.3, "KG-C-tokmok"),    # no space after the prefix
    ("город Бишкак", "KG", "KG-GB", 83.3, "KG-C-tokmok"),
    ("г.Нарин", "KG", "KG-N-naryn", 80.0, "KG-Y-karakol"),
    ("г. Алмата", "KZ", "KZ-75", 83.3, "KZ-71"),
]


@pytest.mark.parametrize("text, country, place, score, runner_up", ACCEPTED)
def test_a_unique_unit_one_edit_away_is_accepted_when_the_level_is_printed(gazetteer, text, country, place, score, runner_up):
    m = gazetteer.match(text, country=country)
    assert (m.place, m.method, m.score, m.runner_up) == (place, "fuzzy", score, runner_up)
    assert m.score < 88  # below the short-name threshold: the rule, not the score, accepts it


@pytest.mark.parametrize("text, country", [
    ("Бишкак", "KG"),      # no printed level: the ordinary thresholds apply
    ("г. Бишкак", None),   # no country: no rule
    ("г. Таласка", "KG"),  # two edits from Талас: a village, not the town
    ("г. Нарынка", "KG"),
    ("город Ошь", "KG"),   # names of three letters are too short for one edit to mean anything
    ("г. Лондон", "KG"),
])
def test_otherwise_the_name_stays_unresolved(gazetteer, text, country):
    m = gazetteer.match(text, country=country)
    assert (m.place, m.method) == (None, "unresolved")
    assert m.reason == "no unit close enough"


def test_the_printed_level_excludes_other_levels(gazetteer):
    # «Таласская обл.» is the oblast, «г. Талас» the town: the marker decides, before any scoring.
    assert gazetteer.match("Таласская обл.", country="KG").place == "KG-T"
    assert gazetteer.match("г. Талас", country="KG").place == "KG-T-talas"


def test_the_country_excludes_the_other_countrys_units(gazetteer):
    assert gazetteer.match("г. Бишкак", country="KZ").place is None
