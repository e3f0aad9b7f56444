"""Pendanaan & Kemitraan: the Posyandu budgets in Rupiah by source and year, how many Posyandu saw
their budget rise, partnerships by partner type and per child region (click a bar to drill in),
and which kabupaten/kota still lack a Posyandu regulation of their own."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cards import metric_card
from dashboard.charts.formatting import format_number, format_percent
from dashboard.charts.funding import (
    budget_bar,
    budget_table,
    change_percent,
    format_date,
    format_rupiah,
    partnership_bar,
    partnership_table,
    regulation_kinds,
    regulation_status,
    regulation_table,
)
from dashboard.charts.regional import counted_ranking_bar, ranked_with_counts, ranking_table
from dashboard.context import PageView, current_view, drillable_chart
from dashboard.data import DashboardError
from dashboard.downloads import download_buttons
from dashboard.labels import METRIC_LABELS
from dashboard.layout import page_header, quality_note
from data_access import MetricsResult
from data_access.progress import change_against_previous_year

RANKINGS: dict[str, tuple[str, str]] = {
    # metric -> (numerator count, denominator count); both count Posyandu
    "kemitraan_pct": ("funding.with_partnership", "funding.posyandu"),
    "budget_up_pct": ("funding.budget_up", "funding.posyandu"),
}
REGULATION_LEVELS = (None, "provinsi", "kabupaten_kota")  # where regulation_pct is defined


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


def _regulation_card(context: PageView, result: MetricsResult, regulations: pd.DataFrame) -> None:
    if context.level in REGULATION_LEVELS:
        metric_card(
            "regulation_pct",
            result.metrics["regulation_pct"],
            target=result.targets.get("regulation_pct"),
            status=result.status.get("regulation_pct"),
            count_caption=(
                f"**{format_number(result.counts.get('regions.kabupaten_kota_with_regulation', 0))}** dari "
                f"{format_number(result.counts.get('regions.kabupaten_kota', 0))} kab/kota"
            ),
        )
        return
    with st.container(border=True):
        if regulations.empty:
            st.metric("Regulasi Posyandu kab/kota", "–")
            st.markdown("Kabupaten/kota induk wilayah ini tidak ditemukan di data wilayah.")
            return
        parent = regulations.iloc[0]
        st.metric(f"Regulasi Posyandu {parent['name']}", regulation_status(bool(parent["has_regulation"])))
        st.markdown(":gray-badge[urusan kabupaten/kota]")


def _cards(
    context: PageView, result: MetricsResult, previous: MetricsResult, budgets: pd.DataFrame, regulations
) -> None:
    changes = change_against_previous_year(result, previous)
    columns = st.columns([1.45, 1, 1, 1.15])
    with columns[0]:
        _budget_card(context, budgets)
    for column, code in zip(columns[1:3], ("budget_up_pct", "kemitraan_pct"), strict=True):
        numerator, denominator = RANKINGS[code]
        with column:
            metric_card(
                code,
                result.metrics[code],
                target=result.targets.get(code),
                status=result.status.get(code),
                change=changes[code],
                count_caption=(
                    f"**{format_number(result.counts.get(numerator, 0))}** dari "
                    f"{format_number(result.counts.get(denominator, 0))} Posyandu"
                ),
            )
    with columns[3]:
        _regulation_card(context, result, regulations)


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


def _ranking(context: PageView, result: MetricsResult) -> None:
    level = context.child_level_name.lower()
    st.subheader(f"Kemitraan dan anggaran per {level}")
    metric = (
        st.segmented_control(
            "Urutkan menurut",
            options=list(RANKINGS),
            format_func=lambda code: METRIC_LABELS[code],
            key="pendanaan_ranking_metric",
            default="kemitraan_pct",
        )
        or "kemitraan_pct"
    )
    numerator, denominator = RANKINGS[metric]
    ranked = ranked_with_counts(result, metric, numerator, denominator)
    figure = counted_ranking_bar(ranked, metric_label=METRIC_LABELS[metric], noun="Posyandu")
    drillable_chart(context, figure, key="pendanaan_ranking")
    st.caption("Paling tertinggal di atas. Klik batang untuk membuka wilayah itu. Garis hitam = target Renstra.")
    with st.expander(f"Tabel per {level}"):
        table = ranking_table(
            ranked, level_name=context.child_level_name, metric_label=METRIC_LABELS[metric], noun="Posyandu"
        )
        st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(ranked, f"{metric} per wilayah {context.name} {context.year}", key="pendanaan_ranking_dl")


def _own_regulation(context: PageView, row: pd.Series) -> None:
    """A kabupaten/kota's own status, in a sentence."""
    if row["has_regulation"]:
        st.success(
            f"{context.name} sudah memiliki regulasi Posyandu sendiri: {format_number(int(row['regulations']))} "
            f"regulasi ({regulation_kinds(row['kinds'])}), terakhir terbit {format_date(row['latest_issued_on'])}.",
            icon="✅",
        )
    else:
        st.warning(
            f"{context.name} belum memiliki regulasi Posyandu sendiri (Perda, Perkada atau SK) yang terbit sampai "
            "akhir periode ini.",
            icon="⚠️",
        )


def _regulations(context: PageView, regulations: pd.DataFrame) -> None:
    st.subheader("Regulasi Posyandu kabupaten/kota")
    if context.level not in REGULATION_LEVELS:
        name = regulations.iloc[0]["name"] if not regulations.empty else "kabupaten/kota induknya"
        st.info(
            f"Regulasi Posyandu (Perda, Perkada atau SK) ditetapkan oleh kabupaten/kota, bukan oleh kecamatan "
            f"atau desa/kelurahan. Untuk {context.name}, yang berlaku adalah regulasi {name}.",
            icon="ℹ️",
        )
    elif regulations.empty:
        st.info(f"Tidak ada kabupaten/kota di {context.name} pada data wilayah.")
        return
    else:
        lacking = regulations[~regulations["has_regulation"].astype(bool)]
        total = len(regulations)
        if context.level == "kabupaten_kota":
            _own_regulation(context, regulations.iloc[0])
        elif lacking.empty:
            st.success(
                f"Semua {format_number(total)} kabupaten/kota di {context.name} sudah memiliki regulasi Posyandu "
                "sendiri.",
                icon="✅",
            )
        else:
            names = ", ".join(lacking["name"])
            st.warning(
                f"{format_number(len(lacking))} dari {format_number(total)} kabupaten/kota belum memiliki regulasi "
                f"Posyandu sendiri: **{names}**.",
                icon="⚠️",
            )
        st.caption(
            "Hanya regulasi milik kabupaten/kota itu sendiri yang terbit sampai akhir periode yang dihitung; "
            "regulasi provinsi tidak menggantikannya."
        )
    if not regulations.empty:
        st.dataframe(regulation_table(regulations), hide_index=True, width="stretch")
        download_buttons(regulations, f"regulasi posyandu {context.name} {context.year}", key="pendanaan_reg_dl")


def main() -> None:
    context = current_view()
    if context is None:
        return
    page_header(context, "Pendanaan & Kemitraan", icon="💰")
    try:
        with st.spinner("Menghitung pendanaan dan kemitraan…"):
            result = context.fetch("metrics")
            previous = context.fetch("metrics_previous_year")
            years = (context.year - 2, context.year - 1, context.year)
            budgets = context.fetch("budget_by_source", years=years)
            partnerships = context.fetch("partnerships_by_type")
            regulations = context.fetch("kabupaten_regulations")
    except DashboardError as error:
        st.error(str(error))
        return
    quality_note(context)
    _cards(context, result, previous, budgets, regulations)

    if result.metrics["posyandu_total"]:
        _budgets(context, budgets)
        _partnerships(context, partnerships)
    else:
        st.info(
            f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini, jadi belum ada anggaran "
            "atau kemitraan untuk ditampilkan."
        )
    if context.children:
        _ranking(context, result)
    else:
        st.caption(f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya.")
    _regulations(context, regulations)


main()
