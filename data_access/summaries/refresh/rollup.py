"""Adding per-desa counts up onto every region: the code-prefix rule ``belongs_to`` applies, in pandas.

A desa/kelurahan belongs to the country ('') and to every dot-prefix of its code, so a count kept per
desa is summed onto each of those targets; and every stored row carries its desa code's prefixes
(``p1``..``p4``) so that a region's rows are an equality lookup on an index.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal

import pandas as pd

from data_access.summaries.store import FACT_PREFIX_PARTS


def prefixes(codes: pd.Series) -> pd.DataFrame:
    """Rows (code, target) for each code and each of its targets: '' and every dot-prefix of it."""
    parts = codes.str.split(".")
    frames = [pd.DataFrame({"code": codes, "target": ""})]
    for n in range(1, int(parts.map(len).max() or 0) + 1):
        has = parts.map(len) >= n
        frames.append(pd.DataFrame({"code": codes[has], "target": parts[has].map(lambda p, n=n: ".".join(p[:n]))}))
    return pd.concat(frames, ignore_index=True)


def roll_up(per_code: pd.DataFrame) -> pd.DataFrame:
    """Sum per-code count columns (and a ``code`` column) onto every target each code belongs to."""
    if per_code.empty:
        return pd.DataFrame(columns=per_code.columns).set_index("code")
    joined = prefixes(per_code["code"]).merge(per_code, on="code", how="inner")
    return joined.drop(columns="code").groupby("target").sum()


def tally_rolled_up(codes: list[object], values: list[object], group: str) -> pd.DataFrame:
    """How many of each value per code, as one count column ``<group>.<value>`` per value, rolled up
    onto every target: the per-desa tallies of gap status and of stuck step."""
    per_code = pd.DataFrame({"code": codes, "value": values})
    counts = pd.crosstab(per_code["code"], per_code["value"]).reset_index()
    counts.columns.name = None
    return roll_up(counts.rename(columns={value: f"{group}.{value}" for value in counts.columns if value != "code"}))


def prefix_columns(desa_code: object) -> dict[str, str | None]:
    """``p1``..``p4``: the desa code's first n parts (None past its last part)."""
    parts = str(desa_code).split(".")
    return {f"p{n}": ".".join(parts[:n]) if len(parts) >= n else None for n in range(1, FACT_PREFIX_PARTS + 1)}


def json_value(value: object) -> object:
    """Values JSON cannot take as they are (a PostgreSQL Decimal coordinate): as float, as the page sees it."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON: {value!r}")


def exact(value: object) -> Decimal | None:
    """A sum from the database as an exact decimal (a float's exact binary value), None for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):
        return Decimal(float(value))
    raise TypeError(f"not a number: {value!r}")
