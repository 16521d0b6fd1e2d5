"""A shopping list from several recipes: same ingredient, same base unit, added up."""

from collections import defaultdict

from .units import pretty, to_base


def shopping_list(recipes):
    totals = defaultdict(float)
    for recipe in recipes:
        for name, quantity, unit in recipe["ingredients"]:
            amount, base = to_base(quantity, unit)
            totals[(name, base)] += amount
    return [f"{name}: {pretty(amount, base)}" for (name, base), amount in sorted(totals.items())]
