"""Pendanaan & Kemitraan: the Posyandu budgets in Rupiah by source and year, how many Posyandu saw
their budget rise, partnerships by partner type and per child region (click a bar to drill in),
and which kabupaten/kota still lack a Posyandu regulation of their own."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import registry
from dashboard.charts.formatting import format_percent
from dashboard.charts.funding import (
    budget_bar,
    budget_table,
    change_percent,
    format_rupiah,
    partnership_bar,
    partnership_table,
)
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.page import show_page
from dashboard.sections.card_row import counted, result_card
from dashboard.sections.ranking import Counted, counted_ranking
from dashboard.sections.regulations import regulation_card, regulations_section
from data_access import MetricsResult
from data_access.progress import change_against_previous_year

RANKINGS = {  # both count Posyandu
    "kemitraan_pct": Counted("funding.with_partnership", "funding.posyandu", "Posyandu"),
    "budget_up_pct": Counted("funding.budget_up", "funding.posyandu", "Posyandu"),
}


@dataclass(frozen=True)
class Fetched:
    result: MetricsResult
    previous: MetricsResult
    budgets: pd.DataFrame
    partnerships: pd.DataFrame
    regulations: pd.DataFrame


def _fetch(context: PageView) -> Fetched:
    return Fetched(
        result=context.fetch("metrics"),
        previous=context.fetch("metrics_previous_year"),
        budgets=context.fetch("budget_by_source", years=(context.year - 2, context.year - 1, context.year)),
        partnerships=context.fetch("partnerships_by_type"),
        regulations=context.fetch("kabupaten_regulations"),
    )


def budget_years(context: PageView, budgets: pd.DataFrame) -> list[int]:
    """Y-1 and Y always; Y-2 too when it has budget rows (a longer trend where there is one)."""
    year = context.year
    earlier = [year - 2] if (budgets["year"] == year - 2).any() else []
    return [*earlier, year - 1, year]


def _budget_card(context: PageView, budgets: pd.DataFrame) -> None:
    now = float(budgets.loc[budgets["year"] == context.year, "amount"].sum())
    before = float(budgets.loc[budgets["year"] == context.year - 1, "amount"].sum())
    change = change_percent(now, before)
    # "Rp 24,9 miliar" is longer than a percentage: a slightly smaller figure keeps it whole on a laptop.
    st.html('<style>.st-key-budget_card [data-testid="stMetricValue"]{font-size:1.85rem}</style>')
    with st.container(border=True, key="budget_card"):
        st.metric(
            f"Total anggaran Posyandu {context.year}",
            format_rupiah(now),
            delta=None
            if change is None
            else f"{'+' if change > 0 else ''}{format_percent(change)} dari {context.year - 1}",
        )
        st.markdown(f"{context.year - 1}: **{format_rupiah(before)}** · semua sumber dana")


def _cards(context: PageView, fetched: Fetched) -> None:
    result = fetched.result
    changes = change_against_previous_year(result, fetched.previous)
    columns = st.columns([1.45, 1, 1, 1.15])
    with columns[0]:
        _budget_card(context, fetched.budgets)
    for column, code in zip(columns[1:3], ("budget_up_pct", "kemitraan_pct"), strict=True):
        numbers = RANKINGS[code]
        with column:
            caption = counted(result.counts, numbers.numerator, numbers.denominator, numbers.noun)
            result_card(result, code, changes=changes, caption=caption)
    with columns[3]:
        regulation_card(context, result, fetched.regulations)


def _budgets(context: PageView, budgets: pd.DataFrame) -> None:
    st.subheader("Anggaran Posyandu per sumber dana")
    years = budget_years(context, budgets)
    if budgets[budgets["year"].isin(years)].empty:
        st.info(
            f"Belum ada anggaran Posyandu yang tercatat di {context.name} untuk tahun "
            f"{', '.join(map(str, years))}. Anggaran tampil setelah data APBDes, APBD, CSR dan lainnya diisi."
        )
        return
    st.plotly_chart(budget_bar(budgets, years), key="pendanaan_budget")
    st.caption(
        f"Anggaran tahunan ({', '.join(map(str, years))}); batas bulan tidak berlaku untuk anggaran. "
        f"Tahun {context.year} berwarna paling gelap."
    )
    st.dataframe(budget_table(budgets, years), hide_index=True, width="stretch")
    download_buttons(
        budgets[budgets["year"].isin(years)], f"anggaran {context.name} {context.year}", key="pendanaan_budget_dl"
    )


def _partnerships(context: PageView, partnerships: pd.DataFrame) -> None:
    st.subheader("Kemitraan per jenis mitra")
    if partnerships.empty:
        st.info(
            f"Belum ada kemitraan Posyandu yang berjalan di {context.name} pada periode ini. Catat kerja sama "
            "dengan dunia usaha, perguruan tinggi, LSM atau lembaga keagamaan agar tampil di sini."
        )
        return
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(partnership_bar(partnerships), key="pendanaan_partners")
    with right:
        st.table(partnership_table(partnerships), hide_index=True)
        st.caption("Kemitraan yang berjalan pada periode ini; satu Posyandu bisa bermitra dengan beberapa pihak.")
    download_buttons(partnerships, f"kemitraan {context.name} {context.year}", key="pendanaan_partners_dl")


def _draw(context: PageView, fetched: Fetched) -> None:
    _cards(context, fetched)
    if fetched.result.metrics["posyandu_total"]:
        _budgets(context, fetched.budgets)
        _partnerships(context, fetched.partnerships)
    else:
        st.info(
            f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini, jadi belum ada anggaran "
            "atau kemitraan untuk ditampilkan."
        )
    if context.children:
        counted_ranking(context, fetched.result, RANKINGS, subject="Kemitraan dan anggaran", key="pendanaan_ranking")
    else:
        st.caption(f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya.")
    regulations_section(context, fetched.regulations, key="pendanaan_reg")


show_page(registry.PENDANAAN, spinner="Menghitung pendanaan dan kemitraan…", fetch=_fetch, draw=_draw)
