"""Percentiles and a small table."""

from __future__ import annotations

import statistics


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(values: list[float]) -> dict:
    return {"p50": statistics.median(values), "p99": percentile(values, 99), "n": len(values)}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
