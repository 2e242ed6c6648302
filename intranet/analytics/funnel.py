"""The funnel calculator: what each stage (See → Think → Do → Care) needs to reach a
number of hires, given conversion rates between the stages. Pure arithmetic, no I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from flask_babel import lazy_gettext as _l

from ..errors import ValidationError

# The rates between the four stages, in the order people go through them.
RATE_FIELDS = ("rate_click", "rate_do", "rate_hire")
# Used where nothing has been measured yet (or what was measured can't be a rate).
FALLBACK_RATES = {"rate_click": Fraction(5), "rate_do": Fraction(10), "rate_hire": Fraction(20)}
DEFAULT_TARGET = 5
MAX_TARGET = 10_000


@dataclass(frozen=True)
class Plan:
    """How many impressions, clicks, applications/referrals and hires a target needs."""

    impressions: int
    clicks: int
    applications: int
    hires: int


def plan(target: int, rates: dict[str, Fraction]) -> Plan:
    """Work back from the target, rounding each stage up: half a candidate is a candidate."""
    applications = _needed(target, rates["rate_hire"])
    clicks = _needed(applications, rates["rate_do"])
    impressions = _needed(clicks, rates["rate_click"])
    return Plan(impressions=impressions, clicks=clicks, applications=applications, hires=target)


def _needed(after: int, percent: Fraction) -> int:
    # Fractions, not floats: 10 hires at 10 % need exactly 100, not 101.
    return math.ceil(Fraction(after) * 100 / percent)


def parse(values: dict[str, str]) -> tuple[int, dict[str, Fraction]]:
    """Read a target and three rates (percentages, "2.5" or "2,5") from a form; raise a
    ValidationError naming every wrong field."""
    errors, rates = {}, {}
    target = _parse_target(values.get("target", ""), errors)
    for name in RATE_FIELDS:
        rate = _parse_rate(values.get(name, ""))
        if rate is None:
            errors[name] = _l("Enter a percentage above 0 and at most 100, e.g. 12.5.")
        else:
            rates[name] = rate
    if errors:
        raise ValidationError.many(errors)
    return target, rates


def _parse_target(raw: str, errors: dict) -> int:
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_TARGET:
        errors["target"] = _l("Enter a whole number of hires from 1 to 10,000.")
        return 0
    return int(text)


def _parse_rate(raw: str) -> Fraction | None:
    text = str(raw).strip().replace(",", ".").rstrip("%").strip()
    if not text or len(text) > 12:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 < value <= 100:
        return None
    return Fraction(value)


def default_rates(measured: dict[str, float | None]) -> dict[str, Fraction]:
    """The measured rates (in %) where they can be rates, else the fallbacks."""
    rates = {}
    for name in RATE_FIELDS:
        value = measured.get(name)
        rate = Fraction(str(round(value, 1))) if value is not None else Fraction(0)
        rates[name] = rate if 0 < rate <= 100 else FALLBACK_RATES[name]
    return rates
