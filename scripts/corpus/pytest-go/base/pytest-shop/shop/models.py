from dataclasses import dataclass, field


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int

    def __post_init__(self):
        if self.price_cents < 0:
            raise ValueError(f"negative price for {self.sku}: {self.price_cents}")


@dataclass(frozen=True)
class OrderLine:
    product: Product
    quantity: int


@dataclass
class Order:
    id: int
    customer: str
    lines: list = field(default_factory=list)
    discount_percent: int = 0
    total_cents: int = 0
