"""Scaling a recipe to another number of servings."""

import math

from .units import to_base

# Things that cannot be split: rounded up, never down.
WHOLE = {"pc"}


def scale_recipe(recipe, servings: int):
    if servings <= 0:
        raise ValueError("servings must be positive")
    factor = servings / recipe["serves"]
    ingredients = []
    for name, quantity, unit in recipe["ingredients"]:
        amount, base = to_base(quantity, unit)
        amount *= factor
        if base in WHOLE:
            amount = math.ceil(amount)
        ingredients.append((name, round(amount, 2), base))
    return {**recipe, "serves": servings, "ingredients": ingredients}
