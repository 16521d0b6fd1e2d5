import pytest

import inflection


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (101, "101st"),
        (111, "111th"),
        (113, "113th"),
        (1002, "1002nd"),
        (-1021, "-1021st"),
    ],
)
def test_ordinalize(number, expected):
    assert inflection.ordinalize(number) == expected


def test_ordinal_of_a_string_number():
    assert inflection.ordinal("23") == "rd"
