"""Kitchen units, converted to grams or millilitres."""

GRAMS = {"g": 1, "kg": 1000, "oz": 28.35, "lb": 453.6}
MILLILITRES = {"ml": 1, "l": 1000, "tsp": 5, "tbsp": 15, "cup": 240}


def to_base(quantity: float, unit: str) -> tuple[float, str]:
    unit = unit.lower()
    if unit in GRAMS:
        return quantity * GRAMS[unit], "g"
    if unit in MILLILITRES:
        return quantity * MILLILITRES[unit], "ml"
    if unit in ("", "pc", "piece"):
        return quantity, "pc"
    raise ValueError(f"unknown unit {unit!r}")


def pretty(quantity: float, unit: str) -> str:
    if unit == "g" and quantity >= 1000:
        return f"{quantity / 1000:g} kg"
    if unit == "ml" and quantity >= 1000:
        return f"{quantity / 1000:g} l"
    return f"{quantity:g} {unit}"
