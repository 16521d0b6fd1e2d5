import pytest

from recipes.units import pretty, to_base


def test_weights_and_volumes_go_to_grams_and_millilitres():
    assert to_base(2, "kg") == (2000, "g")
    assert to_base(3, "tbsp") == (45, "ml")
    assert to_base(4, "") == (4, "pc")


def test_unknown_unit_is_an_error():
    with pytest.raises(ValueError, match="unknown unit 'pinch'"):
        to_base(1, "pinch")


def test_pretty_switches_to_kilos_and_litres():
    assert pretty(1500, "g") == "1.5 kg"
    assert pretty(250, "ml") == "250 ml"
