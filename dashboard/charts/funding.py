"""Charts and tables of the Pendanaan & Kemitraan page: budgets in Rupiah by source and year,
partnerships by partner type, and which kabupaten/kota have a Posyandu regulation of their own.

Rupiah is written the way officials say it: ``Rp 1,2 miliar``, ``Rp 350,5 juta``.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import MONTHS_ID, NULL_DISPLAY, format_number, format_percent
from dashboard.charts.theme import NEUTRAL, PRIMARY, STATUS_SYMBOLS, apply_layout
from dashboard.labels import BUDGET_SOURCE_LABELS, PARTNER_LABELS, REGULATION_KIND_LABELS

RUPIAH_SCALES: tuple[tuple[float, str], ...] = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))
YEAR_COLORS = ("#CBD5E1", NEUTRAL, PRIMARY)  # oldest .. current year: the current one stands out


def format_rupiah(value: float | int | None, decimals: int = 1) -> str:
    """``1_234_000_000`` -> ``"Rp 1,2 miliar"``, ``350_500_000`` -> ``"Rp 350,5 juta"``; below a
    million the full amount (``"Rp 750.000"``); None -> ``"–"``. Scales are tried from the largest,
    after rounding, so ``999_960_000`` reads ``"Rp 1,0 miliar"``, never ``"Rp 1.000,0 juta"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NULL_DISPLAY
    sign = "−" if value < 0 else ""
    amount = abs(float(value))
    for scale, word in RUPIAH_SCALES:
        scaled = round(amount / scale, decimals)
        if scaled >= 1:
            return f"{sign}Rp {format_number(scaled, decimals)} {word}"
    return f"{sign}Rp {format_number(round(amount))}"


def format_date(value: dt.date | None) -> str:
    """``2025-06-12`` -> ``"12 Juni 2025"``; None -> ``"–"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return NULL_DISPLAY
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def change_percent(now: float | None, before: float | None) -> float | None:
    """Relative change in % (``+18,3 %``), None when there was nothing before to compare with."""
    if now is None or not before:
        return None
    return 100.0 * (float(now) - float(before)) / float(before)


def budget_pivot(budgets: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Amount per source (rows, in catalogue order, then any unknown source) and year (columns);
    a source with no rows in a year is 0."""
    known = list(BUDGET_SOURCE_LABELS)
    extra = sorted(set(budgets["source"]) - set(known))
    pivot = budgets.pivot_table(index="source", columns="year", values="amount", aggfunc="sum")
    return pivot.reindex(index=known + extra, columns=years).fillna(0.0)


def budget_bar(budgets: pd.DataFrame, years: list[int]) -> go.Figure:
    """Horizontal bars per source (first source at the top), one per year, each labelled in Rupiah.
    Sources with no money in any of the years are left out (the table still lists them as Rp 0)."""
    pivot = budget_pivot(budgets, years)
    pivot = pivot[(pivot > 0).any(axis=1)].iloc[::-1]
    names = [BUDGET_SOURCE_LABELS.get(source, source) for source in pivot.index]
    colors = YEAR_COLORS[-len(years) :] if len(years) <= len(YEAR_COLORS) else [PRIMARY] * len(years)
    figure = go.Figure()
    for year, color in zip(reversed(years), reversed(colors), strict=True):  # current year nearest the label
        amounts = [float(v) for v in pivot[year]]
        figure.add_trace(
            go.Bar(
                x=amounts,
                y=names,
                orientation="h",
                name=str(year),
                marker={"color": color},
                text=[format_rupiah(v) if v else "" for v in amounts],
                # Inside a bar long enough for it, else past its end: on a phone the longest bars'
                # labels would otherwise run off the chart's right edge.
                textposition="auto",
                constraintext="none",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b> " + str(year) + ": %{text}<extra></extra>",
            )
        )
    top = max([float(pivot.to_numpy().max()) if pivot.size else 0.0, 1.0])
    ticks = rupiah_ticks(top)
    apply_layout(figure, height=120 + 30 * len(names) * len(years))
    figure.update_layout(barmode="group", bargap=0.25, legend={"traceorder": "reversed"})
    figure.update_xaxes(range=[0, top * 1.35], tickvals=ticks, ticktext=[format_rupiah(t) for t in ticks])
    figure.update_yaxes(automargin=True)
    return figure


def rupiah_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) from 0 up to about ``top`` (any amount)."""
    raw = top / count
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [step * i for i in range(int(top // step) + 1)]


def count_ticks(top: int) -> list[int]:
    """Whole-number ticks for counts (never "0,5 kemitraan"): the round steps of :func:`rupiah_ticks`,
    at least 1."""
    ticks = rupiah_ticks(max(top, 1))
    step = max(1, int(ticks[1])) if len(ticks) > 1 else 1
    return list(range(0, int(top) + 1, step))


def budget_table(budgets: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Sources by year in Rupiah, a total row, and the change of the last year on the one before."""
    pivot = budget_pivot(budgets, years)
    pivot.loc["__total__"] = pivot.sum()
    last, before = years[-1], years[-2] if len(years) > 1 else None
    table = pd.DataFrame(
        {"Sumber": [BUDGET_SOURCE_LABELS.get(s, "Jumlah" if s == "__total__" else s) for s in pivot.index]}
    )
    for year in years:
        table[str(year)] = [format_rupiah(v) for v in pivot[year]]
    if before is not None:
        changes = [change_percent(now, was) for now, was in zip(pivot[last], pivot[before], strict=True)]
        table[f"Perubahan {before}→{last}"] = [_signed_percent(c) for c in changes]
    return table


def _signed_percent(value: float | None) -> str:
    if value is None:
        return NULL_DISPLAY
    return ("+" if value > 0 else "") + format_percent(value)


def partnership_bar(partnerships: pd.DataFrame) -> go.Figure:
    """Per partner type (most partnerships at the top): partnerships running in the period and the
    Posyandu they involve, side by side with their counts."""
    ordered = partnerships.sort_values(["partnerships", "partner_type"], ascending=[True, False])
    names = [PARTNER_LABELS.get(kind, kind) for kind in ordered["partner_type"]]
    figure = go.Figure()
    for column, label, color in (("posyandu", "Posyandu bermitra", NEUTRAL), ("partnerships", "Kemitraan", PRIMARY)):
        values = [int(v) for v in ordered[column]]
        figure.add_trace(
            go.Bar(
                x=values,
                y=names,
                orientation="h",
                name=label,
                marker={"color": color},
                text=[format_number(v) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>" + label + ": %{text}<extra></extra>",
            )
        )
    top = max([int(ordered[["partnerships", "posyandu"]].to_numpy().max()) if len(ordered) else 0, 1])
    apply_layout(figure, height=120 + 56 * len(names))
    figure.update_layout(barmode="group", bargap=0.3, legend={"traceorder": "reversed"})
    ticks = count_ticks(top)
    figure.update_xaxes(range=[0, top * 1.2], showgrid=True, tickvals=ticks, ticktext=[format_number(t) for t in ticks])
    figure.update_yaxes(automargin=True)
    return figure


def partnership_table(partnerships: pd.DataFrame) -> pd.DataFrame:
    """Partner types as shown: partnerships and Posyandu, Indonesian numbers."""
    ordered = partnerships.sort_values(["partnerships", "partner_type"], ascending=[False, True])
    return pd.DataFrame(
        {
            "Jenis mitra": [PARTNER_LABELS.get(kind, kind) for kind in ordered["partner_type"]],
            "Kemitraan berjalan": [format_number(int(v)) for v in ordered["partnerships"]],
            "Posyandu bermitra": [format_number(int(v)) for v in ordered["posyandu"]],
        }
    )


def regulation_status(has_regulation: bool) -> str:
    """``✔ Sudah ada`` / ``✖ Belum ada`` (a symbol, not colour alone)."""
    if has_regulation:
        return f"{STATUS_SYMBOLS['tercapai']} Sudah ada"
    return f"{STATUS_SYMBOLS['tertinggal']} Belum ada"


def regulation_kinds(kinds: str) -> str:
    """``"perkada, sk"`` -> ``"Perkada, SK"``."""
    parts = [part.strip() for part in (kinds or "").split(",") if part.strip()]
    return ", ".join(REGULATION_KIND_LABELS.get(part, part) for part in parts) or NULL_DISPLAY


def regulation_table(regulations: pd.DataFrame) -> pd.DataFrame:
    """Kabupaten/kota as shown, those still lacking a regulation first."""
    ordered = regulations.sort_values(["has_regulation", "code"], ascending=[True, True])
    return pd.DataFrame(
        {
            "Kode": ordered["code"].tolist(),
            "Kabupaten/Kota": ordered["name"].tolist(),
            "Regulasi Posyandu": [regulation_status(bool(v)) for v in ordered["has_regulation"]],
            "Jumlah": [format_number(int(v)) for v in ordered["regulations"]],
            "Terbit terakhir": [format_date(None if pd.isna(v) else v) for v in ordered["latest_issued_on"]],
            "Jenis": [regulation_kinds(k) for k in ordered["kinds"]],
        }
    )
