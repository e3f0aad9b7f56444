"""The readiness funnel and the per-child stage bars: counts, shares and drill codes as given."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.funnel import STAGE_SEGMENTS, readiness_funnel, readiness_stages_bar, stuck_desa_bar
from dashboard.labels import FUNNEL_STEP_LABELS, STUCK_STEP_LABELS


def funnel_frame() -> pd.DataFrame:
    """As ``readiness_by_region`` returns it: the region, then two children (one without posyandu)."""
    rows = [
        ("36.73", "Kota Serang", True, 422, 231, 94, 46),
        ("36.73.01", "Serang", False, 84, 61, 54, 49),
        ("36.73.09", "Kosong", False, 0, 0, 0, 0),
    ]
    records = []
    for code, name, is_region, total, sk, sk_reg, sk_reg_tp in rows:

        def share(n: int, total: int = total) -> float | None:
            return 100.0 * n / total if total else None

        stages = {
            "stage_no_sk": total - sk,
            "stage_sk_only": sk - sk_reg,
            "stage_no_tp": sk_reg - sk_reg_tp,
            "stage_ready": sk_reg_tp,
        }
        records.append(
            {
                "code": code,
                "name": name,
                "is_region": is_region,
                "posyandu": total,
                "with_sk": sk,
                "with_sk_registered": sk_reg,
                "with_sk_registered_tp": sk_reg_tp,
                "with_sk_pct": share(sk),
                "with_sk_registered_pct": share(sk_reg),
                "with_sk_registered_tp_pct": share(sk_reg_tp),
            }
            | stages
            | {f"{key}_pct": share(value) for key, value in stages.items()}
        )
    return pd.DataFrame(records)


def test_funnel_shows_each_step_count_and_share() -> None:
    figure = readiness_funnel(funnel_frame().iloc[0])
    bars = figure.data[1]
    # drawn bottom-up: the last step first
    assert list(bars.y) == [
        FUNNEL_STEP_LABELS[s] for s in ("with_sk_registered_tp", "with_sk_registered", "with_sk", "posyandu")
    ]
    assert list(bars.x) == [46, 94, 231, 422]
    assert bars.text[-1] == "<b>422</b>"
    assert bars.text[2] == "<b>231</b>  (54,7 %)"
    assert list(figure.data[0].x) == [422] * 4  # the pale bar of all posyandu
    assert figure.layout.separators == ",."


def test_stage_bars_carry_codes_and_put_fewest_ready_on_top() -> None:
    figure = readiness_stages_bar(funnel_frame())
    assert [trace.name for trace in figure.data] == [label for _, label, _ in STAGE_SEGMENTS]
    ready = figure.data[0]
    # the child without posyandu at the bottom, the region's own row left out
    assert list(ready.y) == ["Kosong", "Serang"]
    assert [row[0] for row in ready.customdata] == ["36.73.09", "36.73.01"]
    assert ready.x[1] == 100.0 * 49 / 84
    assert ready.text[1] == "49"
    no_sk = figure.data[3]
    assert no_sk.customdata[1][1:] == ["23", "27,4 %", "84"]
    assert figure.layout.barmode == "stack"


def test_stuck_desa_bar_lists_steps_in_funnel_order() -> None:
    summary = pd.Series({"posyandu": 1, "sk": 40, "registered": 3, "tim_pembina": 2, "siap": 5})
    figure = stuck_desa_bar(summary)
    bar = figure.data[0]
    assert list(bar.y) == [STUCK_STEP_LABELS[s] for s in ("siap", "tim_pembina", "registered", "sk", "posyandu")]
    assert list(bar.x) == [5, 2, 3, 40, 1]
    assert list(bar.text) == ["5", "2", "3", "40", "1"]
