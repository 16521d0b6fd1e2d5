from recipes.shopping import shopping_list

PANCAKES = {"name": "pancakes", "serves": 4, "ingredients": [("flour", 250, "g"), ("milk", 0.5, "l"), ("egg", 2, "pc")]}
CREPES = {"name": "crepes", "serves": 6, "ingredients": [("flour", 0.25, "kg"), ("milk", 600, "ml"), ("egg", 3, "")]}


def test_same_ingredients_are_added_up():
    assert shopping_list([PANCAKES, CREPES]) == ["egg: 5 pc", "flour: 500 g", "milk: 1.1 l"]
