import pytest

from recipes.scaling import scale_recipe

PANCAKES = {"name": "pancakes", "serves": 4, "ingredients": [("flour", 250, "g"), ("milk", 0.5, "l"), ("egg", 2, "pc")]}


def test_doubling_doubles_every_ingredient():
    scaled = scale_recipe(PANCAKES, 8)
    assert scaled["serves"] == 8
    assert scaled["ingredients"] == [("flour", 500, "g"), ("milk", 1000, "ml"), ("egg", 4, "pc")]


def test_eggs_are_rounded_up():
    scaled = scale_recipe(PANCAKES, 3)
    assert ("egg", 2, "pc") in scaled["ingredients"]


def test_zero_servings_is_refused():
    with pytest.raises(ValueError):
        scale_recipe(PANCAKES, 0)
