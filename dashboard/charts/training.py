"""Charts and tables of the Kader & Pelatihan page: the trained share per training type (technical
types over all active kader K, ``manajerial`` over the pengurus G, as METRICS.md defines them), for
the region and for each child region."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.regional import PERCENT_TICK_TEXT, PERCENT_TICKS
from dashboard.charts.theme import PRIMARY, SEQUENTIAL, apply_layout
from dashboard.labels import TRAINING_LABELS
from data_access.metrics.codes import MANAGERIAL_TRAINING, TRAINING_TYPES

MANAGERIAL_COLOR = "#7C3AED"
ANY_TECHNICAL = "any_technical"
ANY_TECHNICAL_LABEL = "<b>Salah satu pelatihan teknis</b>"
TYPE_COLORS = {ANY_TECHNICAL: "#134E4A", MANAGERIAL_TRAINING: MANAGERIAL_COLOR}


def base_noun(training_type: str) -> str:
    """What a training type's share is taken of: ``pengurus`` for manajerial, else ``kader``."""
    return "pengurus" if training_type == MANAGERIAL_TRAINING else "kader"


def region_rows(training: pd.DataFrame, code: str | None) -> pd.DataFrame:
    """The rows of one region (None = the country) in the catalogue order of training types."""
    mask = training["code"].isna() if code is None else training["code"] == code
    rows = training[mask].set_index("training_type")
    return rows.reindex([t for t in TRAINING_TYPES if t in rows.index]).reset_index()


def training_type_bar(
    training: pd.DataFrame, code: str | None, any_technical: tuple[int, int] | None = None
) -> go.Figure:
    """One bar per training type for region ``code``: share trained, labelled ``29,4 % · 4.405 dari
    15.004 kader``; the managerial bar (over pengurus) stands apart in colour and in its label.

    ``any_technical`` = (kader with at least one technical training, all kader), the counts behind
    kader_trained_pct, adds a first bar so the per-type shares (a kader may take several) are read
    beside the headline share they add up to.

    The type's name and its counts stand on a line above each bar and only the share sits on the
    bar, so the bars keep the whole width: with the names beside them, a phone (390 px) had room
    for neither the bars nor their labels."""
    rows = region_rows(training, code)
    kinds = rows["training_type"].tolist()
    trained = [int(t) for t in rows["trained"]]
    bases = [int(b) for b in rows["base"]]
    if any_technical is not None:
        kinds.insert(0, ANY_TECHNICAL)
        trained.insert(0, int(any_technical[0]))
        bases.insert(0, int(any_technical[1]))
    values = [100.0 * t / b if b else None for t, b in zip(trained, bases, strict=True)]
    labels = [
        f"{format_percent(v)} · {format_number(t)} dari {format_number(b)} {base_noun(kind)}"
        for v, t, b, kind in zip(values, trained, bases, kinds, strict=True)
    ]
    names = [ANY_TECHNICAL_LABEL if k == ANY_TECHNICAL else TRAINING_LABELS.get(k, k) for k in kinds]
    colors = [TYPE_COLORS.get(kind, PRIMARY) for kind in kinds]
    figure = go.Figure(
        go.Bar(  # reversed: plotly draws the first category at the bottom
            x=[v if v is not None else 0 for v in reversed(values)],
            y=list(reversed(names)),
            orientation="h",
            marker={"color": list(reversed(colors))},
            text=list(reversed(labels)),
            customdata=[format_percent(v) for v in reversed(values)],
            texttemplate="%{customdata}",
            textposition="auto",
            constraintext="none",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
            name="Terlatih",
        )
    )
    for name, t, b, kind in zip(names, trained, bases, kinds, strict=True):
        figure.add_annotation(
            x=0,
            y=name,
            xref="x",
            yref="y",
            xanchor="left",
            yanchor="bottom",
            yshift=12,
            showarrow=False,
            align="left",
            text=f"{name if name.startswith('<b>') else f'<b>{name}</b>'} · "
            f"{format_number(t)} dari {format_number(b)} {base_noun(kind)}",
            font={"size": 13},
        )
    apply_layout(figure, height=70 + 62 * len(kinds))
    figure.update_xaxes(range=[0, 112], tickvals=PERCENT_TICKS, ticktext=PERCENT_TICK_TEXT, showgrid=True)
    figure.update_yaxes(showticklabels=False)
    figure.update_layout(showlegend=False, bargap=0.55, margin={"t": 30})
    return figure


def training_heatmap(training: pd.DataFrame, children: list[tuple[str, str]]) -> go.Figure:
    """Child regions (rows, in the order given) by training type (columns): share trained, each cell
    labelled with its value. A region without kader shows "–"."""
    pivot = (
        training[training["code"].isin([code for code, _ in children])]
        .pivot(index="code", columns="training_type", values="trained_pct")
        .reindex(index=[code for code, _ in children], columns=list(TRAINING_TYPES))
    )
    z = [[None if pd.isna(v) else float(v) for v in row] for row in pivot.to_numpy()]
    text = [[format_number(v, 1) if v is not None else "–" for v in row] for row in z]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[TRAINING_LABELS.get(kind, kind) for kind in pivot.columns],
            y=[name for _, name in children],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=100,
            # Below the cells, not beside them: on a phone a side colour bar takes a third of the width.
            colorbar={
                "orientation": "h",
                "y": -0.04,
                "yanchor": "top",
                "thickness": 12,
                "ticksuffix": " %",
                "title": {"text": "% terlatih", "side": "top"},
            },
            xgap=2,
            ygap=2,
            hovertemplate="<b>%{y}</b><br>%{x}: %{text} %<extra></extra>",
        )
    )
    apply_layout(figure, height=200 + 34 * len(children))
    figure.update_layout(margin={"b": 70})  # room for the colour bar
    figure.update_yaxes(autorange="reversed", automargin=True)
    # No fixed angle: plotly keeps the names level when they fit and turns them when they would
    # collide (a phone's narrow columns).
    figure.update_xaxes(side="top", automargin=True)
    return figure


def training_table(training: pd.DataFrame, names: dict[str | None, str]) -> pd.DataFrame:
    """Every (region, training type) as shown: trained, base, share (Indonesian formats)."""
    codes = [None if pd.isna(c) else c for c in training["code"]]
    return pd.DataFrame(
        {
            "Wilayah": [names.get(code, code or "") for code in codes],
            "Pelatihan": [TRAINING_LABELS.get(kind, kind) for kind in training["training_type"]],
            "Terlatih": [format_number(int(v)) for v in training["trained"]],
            "Dari": [
                f"{format_number(int(b))} {base_noun(k)}"
                for b, k in zip(training["base"], training["training_type"], strict=True)
            ],
            "Persentase": [format_percent(None if pd.isna(v) else float(v)) for v in training["trained_pct"]],
        }
    )


def under5_table(under5: pd.DataFrame) -> pd.DataFrame:
    """Posyandu with fewer than 5 active kader (``data_access.gaps.posyandu_under5``, or any frame
    with its columns) as shown, fewest kader first."""
    short = under5[under5["kader_count"] < 5].sort_values(["kader_count", "desa_code", "name"])
    return pd.DataFrame(
        {
            "Posyandu": short["name"].tolist(),
            "Lokasi": [text if isinstance(text, str) and text.strip() else "–" for text in short["location"]],
            "Desa/Kelurahan": short["desa_name"].tolist(),
            "Kode desa/kel": short["desa_code"].tolist(),
            "Kader aktif": [int(v) for v in short["kader_count"]],
        }
    )
