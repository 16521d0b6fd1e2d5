TAX_RATE_PERCENT = 20


def line_total(line):
    return line.product.price_cents * line.quantity


def subtotal(lines):
    return sum(line_total(line) for line in lines)


def apply_discount(amount_cents, percent):
    if not 0 <= percent <= 100:
        raise ValueError(f"discount out of range: {percent}")
    return amount_cents - amount_cents * percent // 100


def with_tax(amount_cents):
    return amount_cents + amount_cents * TAX_RATE_PERCENT // 100
