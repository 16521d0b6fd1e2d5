import re


def slugify(text):
    """'Hello, World!' -> 'hello-world'"""
    text = text.strip().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def median(values):
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of an empty list")
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def parse_quantity(text):
    """'3', ' 3 ', '3x' and '3 pcs' all mean 3."""
    cleaned = text.strip().lower()
    for suffix in ("pcs", "x"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
    return int(cleaned)


def format_cents(cents):
    return f"{cents // 100}.{cents % 100:02d}"
