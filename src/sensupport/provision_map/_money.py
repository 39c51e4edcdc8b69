"""Money shown and read: exact pence in, pounds to the penny out.

Costs are kept as whole pence, and shares of them as exact fractions of a penny
(`fractions.Fraction`), so sums over any partition of the data are equal to the
penny and beyond. Only what is shown is rounded: to the nearest penny, a half penny
up, as `decimal.Decimal` pounds, never a binary float.

>>> from fractions import Fraction
>>> pounds(Fraction(1725, 2))
Decimal('8.63')
>>> show_pounds(600_000)
'£6,000.00'
>>> parse_pence("£1,234.5")
123450
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

__all__ = ["parse_pence", "pounds", "show_pounds"]

_AMOUNT = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")


def pounds(pence: Fraction | int) -> Decimal:
    """An amount of pence as pounds, rounded to the penny (a half penny up)."""
    whole = math.floor(Fraction(pence) + Fraction(1, 2))
    return Decimal(whole).scaleb(-2)


def show_pounds(pence: Fraction | int) -> str:
    """An amount of pence as people write pounds: ``£1,234.56``."""
    amount = pounds(pence)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def parse_pence(text: str) -> int | None:
    """Pence from pounds as a spreadsheet writes them (``£1,234.50``, ``12.5``,
    ``12``); None for anything else, a fraction of a penny or a negative amount
    included."""
    found = _AMOUNT.fullmatch(text.strip())
    if found is None:
        return None
    whole = int(found.group(1).replace(",", ""))
    fraction = (found.group(2) or "").ljust(2, "0")
    return whole * 100 + int(fraction)
