"""Money as the core reads and shows it: exact ``Decimal``; rounding only for display, here."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

CENT = Decimal("0.01")


def from_cents(cents: int | None) -> Decimal | None:
    """An amount stored as integer cents (see ``models.base.Money``), as an exact Decimal."""
    if cents is None:
        return None
    return (Decimal(int(cents)) / 100).quantize(CENT)


def format_money(amount: Decimal, currency: str = "EUR", *, places: int = 2) -> str:
    """``amount`` for people to read: thousands separated, rounded half-even, code after."""
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return f"{rounded:,.{places}f} {currency}"
