"""Money is exact: Decimal in, Decimal out, whole cents, never float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.base import Money


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False)
)
def test_amounts_round_trip_exactly(amount: Decimal) -> None:
    money = Money()
    stored = money.process_bind_param(amount, None)
    assert isinstance(stored, int)
    assert money.process_result_value(stored, None) == amount


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        Money().process_bind_param(0.1, None)


def test_fractions_of_a_cent_are_refused_not_rounded_silently() -> None:
    with pytest.raises(ValueError):
        Money().process_bind_param(Decimal("10.005"), None)
