"""Kelembagaan: is each Posyandu a proper institution yet? The readiness funnel (SK kepengurusan ->
registration -> a Tim Pembina in its desa/kelurahan) for the region, where Posyandu stop in each
child region (click a bar to drill in), the kelembagaan figures with their counts, and the
desa/kelurahan stuck at each step -- the list a TP Posyandu chases. At desa/kelurahan level, the
desa's own funnel and its Posyandu instead."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import registry
from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.funnel import readiness_funnel, readiness_stages_bar, stuck_desa_bar
from dashboard.charts.institution_table import indicator_table
from dashboard.charts.posyandu_table import worklist_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.drill import drillable_chart
from dashboard.labels import STUCK_STEP_LABELS
from dashboard.page import load, show_page
from dashboard.sections.card_row import card_row
from dashboard.sections.stuck_desa import stuck_desa_section
from dashboard.sections.tables import fitted_table
from data_access import MetricsResult
from data_access.institution import READY, institution_indicators, readiness_by_region
from data_access.progress import change_against_previous_year

STUCK_CAPTION = (
    "Sebuah desa/kelurahan **tertahan** di tahap pertama yang belum dilalui *semua* Posyandu-nya: "
    "belum ada Posyandu aktif → belum semua Posyandu ber-SK kepengurusan → belum semua yang ber-SK "
    "teregistrasi → TP Posyandu desa/kelurahan belum ber-SK. Desa/kelurahan yang lolos semua tahap "
    "dihitung **siap**."
)
FUNNEL_CAPTION = (
    "Setiap tahap menghitung Posyandu aktif yang juga lolos tahap sebelumnya; persentase terhadap semua "
    "Posyandu aktif. Tahap terakhir: Posyandu berada di desa/kelurahan yang TP Posyandu-nya sudah ber-SK."
)


@dataclass(frozen=True)
class Fetched:
    result: MetricsResult
    previous: MetricsResult
    stuck: pd.DataFrame
    readiness: pd.DataFrame | None  # a desa's own step: its row alone (the list of desa is its section's)


def _fetch(context: PageView) -> Fetched:
    return Fetched(
        result=context.fetch("metrics"),
        previous=context.fetch("metrics_previous_year"),
        stuck=context.fetch("stuck_by_region"),
        readiness=context.fetch("desa_readiness") if context.level == "desa_kelurahan" else None,
    )


def _card_caption(code: str, row: pd.Series, level: str | None) -> str:
    """The count behind a card: "**3.074** dari 5.021 Posyandu ber-SK"."""
    count, base = int(row[f"{code}_count"]), int(row[f"{code}_base"])
    if code == "tp_desa_kel_pct" and level == "desa_kelurahan":
        return "SK TP Posyandu desa/kel **sudah ada**" if count else "SK TP Posyandu desa/kel **belum ada**"
    if code == "tp_kecamatan_pct" and level == "kecamatan":
        return "SK TP Posyandu kecamatan **sudah ada**" if count else "SK TP Posyandu kecamatan **belum ada**"
    units = {"tp_desa_kel_pct": "desa/kel", "tp_kecamatan_pct": "kecamatan"}
    if code == "kader_under5_count":
        return f"{format_percent(row['kader_under5_pct'])} dari {format_number(base)} Posyandu"
    return f"**{format_number(count)}** dari {format_number(base)} {units.get(code, 'Posyandu')}"


def _cards(context: PageView, fetched: Fetched, own: pd.Series) -> None:
    changes = change_against_previous_year(fetched.result, fetched.previous)
    first = ("registered_pct", "sk_pct", "kelembagaan_pct", "pengurus_complete_pct")
    second = ["tp_desa_kel_pct", "tp_kecamatan_pct", "kader_under5_count"]
    if context.level == "desa_kelurahan":
        second.remove("tp_kecamatan_pct")  # a desa has no kecamatan in its subtree

    def caption(code: str) -> str:
        return _card_caption(code, own, context.level)

    card_row(fetched.result, first, changes=changes, caption=caption, slots=4)
    columns = card_row(fetched.result, second, changes=changes, caption=caption, slots=4)
    stuck_row = fetched.stuck.iloc[0]
    with columns[len(second)], st.container(border=True):
        st.metric(
            "Desa/kel siap kelembagaan",
            format_number(int(stuck_row[READY])),
            help="Desa/kelurahan yang semua Posyandu-nya ber-SK dan teregistrasi, dan TP Posyandu-nya ber-SK.",
        )
        st.markdown(f"dari **{format_number(int(stuck_row['desa']))}** desa/kelurahan")


def _funnel_section(
    context: PageView, funnel: pd.DataFrame, stuck_row: pd.Series, readiness: pd.DataFrame | None
) -> None:
    st.subheader(f"Tahapan kesiapan kelembagaan — {context.name}")
    own = funnel.iloc[0]
    left, right = st.columns([1, 1], gap="large")
    with left:
        if int(own["posyandu"]) == 0:
            st.info(f"Belum ada Posyandu aktif yang tercatat di {context.name} pada periode ini.")
        else:
            st.plotly_chart(readiness_funnel(own), key="kelembagaan_funnel", config={"displayModeBar": False})
        st.caption(FUNNEL_CAPTION)
    with right:
        if context.level == "desa_kelurahan":
            step = readiness["stuck_at"].iloc[0] if readiness is not None and len(readiness) else None
            st.markdown("**Desa/kelurahan ini:**")
            if step == READY:
                st.success("✔ Siap: semua Posyandu ber-SK dan teregistrasi, TP Posyandu sudah ber-SK.")
            elif step is not None:
                st.warning(f"Tertahan di tahap: **{STUCK_STEP_LABELS[step]}**", icon="⏸️")
        else:
            st.plotly_chart(
                stuck_desa_bar(stuck_row, title="Desa/kelurahan menurut tahap tertahan"),
                key="kelembagaan_stuck",
                config={"displayModeBar": False},
            )
        st.caption(STUCK_CAPTION)
    download_buttons(
        funnel[funnel["is_region"]].drop(columns="is_region"),
        f"tahapan kelembagaan {context.name} {context.year}",
        key="kelembagaan_funnel_dl",
    )


def _children_section(context: PageView, funnel: pd.DataFrame, indicators: pd.DataFrame, stuck: pd.DataFrame) -> None:
    level = context.child_level_name
    st.subheader(f"Di mana Posyandu berhenti, per {level.lower()}")
    children = funnel[~funnel["is_region"]]
    figure = readiness_stages_bar(children)
    drillable_chart(context, figure, key="kelembagaan_stages")
    st.caption(f"Klik atau ketuk batang untuk membuka {level.lower()} itu. Paling sedikit Posyandu siap di atas.")
    download_buttons(
        children.drop(columns="is_region"), f"tahapan per {level} {context.name}", key="kelembagaan_stages_dl"
    )

    st.subheader(f"Angka kelembagaan per {level.lower()}")
    table = indicator_table(indicators, stuck, unit_label=level)
    fitted_table(table, limit=600, column_config={level: st.column_config.TextColumn(width="medium")})
    st.caption("Angka di depan kurung = jumlah; dalam kurung = persentase. Baris pertama = seluruh wilayah.")
    raw = indicators.merge(stuck.drop(columns=["name", "is_region"]), on="code", how="left")
    download_buttons(raw, f"kelembagaan per {level} {context.name} {context.year}", key="kelembagaan_table_dl")


def _posyandu_section(context: PageView) -> None:
    st.subheader(f"Posyandu di {context.name}")
    worklist = load(context, "Memuat daftar Posyandu…", lambda view: view.fetch("posyandu_worklist"), note=False)
    if worklist is None:
        return
    if worklist.empty:
        st.info("Belum ada Posyandu aktif yang tercatat di desa/kelurahan ini pada periode ini.")
        return
    table = worklist_table(worklist)[["Posyandu", "Lokasi", "SK", "Teregistrasi", "Kader", "Status", "Kekurangan"]]
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("✔ = sudah, ✖ = belum. Rincian kekurangan dan perubahan bulan ini ada di halaman Daftar Posyandu.")
    download_buttons(table, f"posyandu {context.name} {context.year}", key="kelembagaan_posyandu_dl")
    st.page_link(
        registry.POSYANDU.script,
        label=f"Buka {registry.POSYANDU.title}",
        icon=registry.POSYANDU.icon,
        query_params={"region": context.code or "", "year": str(context.year), "month": str(context.month)},
    )


def _draw(context: PageView, fetched: Fetched) -> None:
    indicators = institution_indicators(fetched.result)
    funnel = readiness_by_region(fetched.result)
    stuck_row = fetched.stuck.iloc[0]
    _cards(context, fetched, indicators.iloc[0])
    if context.level == "desa_kelurahan":
        st.info(
            "Desa/kelurahan tidak memiliki wilayah di bawahnya: ditampilkan tahapan kelembagaan desa/kelurahan "
            "ini sendiri dan daftar Posyandu-nya.",
            icon="ℹ️",
        )
    elif not context.children:
        st.info(f"{context.name} belum memiliki wilayah di bawahnya yang tercatat di database.", icon="ℹ️")
    _funnel_section(context, funnel, stuck_row, fetched.readiness)
    if context.children:
        _children_section(context, funnel, indicators, fetched.stuck)
        stuck_desa_section(context, stuck_row)
    else:
        _posyandu_section(context)


show_page(registry.KELEMBAGAAN, spinner="Menghitung kesiapan kelembagaan…", fetch=_fetch, draw=_draw)
