"""parse_amount / find_amounts / is_amount_cell: exact Decimals and the splitting rule."""
from decimal import Decimal

import pytest

from graph.normalize.money import find_amounts, is_amount_cell, parse_amount


@pytest.mark.parametrize("text, value, printed", [
    ("3 226,1", Decimal("3226.1"), "3 226,1"),
    ("1054,9", Decimal("1054.9"), "1054,9"),
    ("510,0", Decimal("510.0"), "510,0"),
    ("1 000", Decimal("1000"), "1 000"),
    ("1000.5", Decimal("1000.5"), "1000.5"),
    ("3\u00a0226,1", Decimal("3226.1"), "3 226,1"),  # non-breaking space
    ("3\u2009226,1", Decimal("3226.1"), "3 226,1"),  # thin space
    ("3\u202f226,1", Decimal("3226.1"), "3 226,1"),  # narrow non-breaking space
    ("  6315,9 ", Decimal("6315.9"), "6315,9"),
    ("12 345 678,25", Decimal("12345678.25"), "12 345 678,25"),
    ("0,5", Decimal("0.5"), "0,5"),
    ("42", Decimal("42"), "42"),
])
def test_parse_amount(text, value, printed):
    money = parse_amount(text)
    assert money.value == value
    assert str(money.value) == str(value)  # exact digits, no float rounding
    assert isinstance(money.value, Decimal)
    assert money.text == printed
    assert (money.currency, money.multiplier) == ("KGS", 1000)


def test_parse_amount_currency_and_multiplier():
    money = parse_amount("1 500,25", currency="KZT", multiplier=1_000_000)
    assert (money.currency, money.multiplier) == ("KZT", 1_000_000)
    assert money.amount == Decimal("1500250000.00")


def test_amount_in_units():
    assert parse_amount("3 226,1").amount == Decimal("3226100.0")


@pytest.mark.parametrize("text", [
    "", "abc", "12 мес.", "3 226,1 тыс. сом", "1261,1 459,5", "1 0000", "12,", ",5", "1.2.3", "2020 г.", "1 22,5",
])
def test_parse_amount_rejects(text):
    with pytest.raises(ValueError) as error:
        parse_amount(text)
    assert repr(text) in str(error.value)


@pytest.mark.parametrize("text, values", [
    ("1261,1 459,5 406,2", ["1261.1", "459.5", "406.2"]),
    ("483,6 642,1", ["483.6", "642.1"]),
    ("3 226,1", ["3226.1"]),
    ("1 000", ["1000"]),
    ("1 000 000", ["1000000"]),
    ("510,0 1 000,0", ["510.0", "1000.0"]),
    ("3 226,1 367,6", ["3226.1", "367.6"]),
    ("1054 200", ["1054", "200"]),  # a 4-digit first token cannot open thousands groups
    ("2205,4 1700,0 1751,1 1076,6", ["2205.4", "1700.0", "1751.1", "1076.6"]),
    ("12 345,6 7 890,1", ["12345.6", "7890.1"]),
    ("(1054,9)", ["1054.9"]),
    ("100 200", ["100200"]),  # the documented ambiguity: integer groups join
    ("", []),
    ("г. Бишкек 525,1", []),  # not a cell of amounts
])
def test_find_amounts(text, values):
    assert [str(m.value) for m in find_amounts(text)] == values


def test_find_amounts_keeps_printed_text_and_options():
    found = find_amounts("3\u00a0226,1 459,5", currency="KZT", multiplier=1)
    assert [m.text for m in found] == ["3 226,1", "459,5"]
    assert {(m.currency, m.multiplier) for m in found} == {("KZT", 1)}


@pytest.mark.parametrize("text, expected", [
    ("3 226,1", True),
    ("1261,1 459,5 406,2", True),
    ("1054,9", True),
    ("Итого:", False),
    ("Всего по республике, из них:", False),
    ("12 мес.", False),
    ("Макс. сумма гранта, тыс. сом", False),
    ("", False),
    ("г. Бишкек", False),
    ("3 226,1 сом", False),
])
def test_is_amount_cell(text, expected):
    assert is_amount_cell(text) is expected
