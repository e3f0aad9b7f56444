"""Kader & Pelatihan: how many active kader there are, how many are trained (technical trainings
over all active kader; managerial training over the pengurus), per training type and per child
region (ranked, click a bar to drill in), and which Posyandu run with fewer than 5 kader (the fewest
first, at most ``data.UNDER5_LIMIT`` of them: above kecamatan level there can be tens of thousands)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import data, registry
from dashboard.charts.formatting import format_number
from dashboard.charts.training import training_heatmap, training_table, training_type_bar, under5_table
from dashboard.context import PageView
from dashboard.downloads import download_buttons
from dashboard.page import show_page
from dashboard.sections.card_row import card_row, counted
from dashboard.sections.ranking import Counted, counted_ranking
from dashboard.sections.tables import fitted_table
from data_access import MetricsResult
from data_access.gaps import UNDER5_COLUMNS
from data_access.progress import change_against_previous_year

CARDS = ("kader_total", "kader_trained_pct", "pengurus_trained_pct", "kader_under5_count")
RANKINGS = {
    "kader_trained_pct": Counted("kader.kader_trained", "kader.kader", "kader"),
    "pengurus_trained_pct": Counted("kader.pengurus_trained", "kader.pengurus", "pengurus"),
}


@dataclass(frozen=True)
class Fetched:
    result: MetricsResult
    previous: MetricsResult
    training: pd.DataFrame
    under5: pd.DataFrame


def _fetch(context: PageView) -> Fetched:
    return Fetched(
        result=context.fetch("metrics"),
        previous=context.fetch("metrics_previous_year"),
        training=context.fetch("training_by_type"),
        under5=context.fetch("posyandu_under5", limit=data.UNDER5_LIMIT),
    )


def _count_caption(code: str, counts: dict[str, int]) -> str | None:
    """The numbers behind a card."""
    if code == "kader_total":
        return f"**{format_number(counts.get('kader.pengurus', 0))}** di antaranya pengurus"
    if code == "kader_under5_count":
        return f"dari {format_number(counts.get('kader.posyandu', 0))} Posyandu"
    if code in RANKINGS:
        ranking = RANKINGS[code]
        return counted(counts, ranking.numerator, ranking.denominator, ranking.noun)
    return None


def _training_types(context: PageView, training: pd.DataFrame, counts: dict[str, int]) -> None:
    st.subheader("Kader terlatih per jenis pelatihan")
    any_technical = (counts.get("kader.kader_trained", 0), counts.get("kader.kader", 0))
    st.plotly_chart(training_type_bar(training, context.code, any_technical), key="kader_types")
    st.caption(
        "Baris teratas = kader yang sudah mengikuti sedikitnya satu pelatihan teknis (angka kartu di atas); "
        "seorang kader bisa mengikuti beberapa pelatihan. Pelatihan teknis dan administrasi dihitung dari semua "
        "kader aktif; pelatihan manajerial (ungu) dari pengurus saja (ketua, sekretaris, bendahara, ketua bidang)."
    )
    names = {None: context.name} | {child.code: child.name for child in context.children}
    if context.children:
        st.markdown(f"##### Per {context.child_level_name.lower()} (% terlatih)")
        children = [(child.code, child.name) for child in context.children]
        st.plotly_chart(training_heatmap(training, children), key="kader_heatmap")
    with st.expander("Tabel pelatihan"):
        st.dataframe(training_table(training, names), hide_index=True, width="stretch")
    raw = training.assign(name=[names.get(None if pd.isna(code) else code, "") for code in training["code"]])
    download_buttons(raw, f"pelatihan kader {context.name} {context.year}", key="kader_types_dl")


FULL_LIST_HINT = {
    None: "buka provinsi, kabupaten/kota, atau kecamatan untuk daftar lengkap",
    "provinsi": "buka kabupaten/kota atau kecamatan untuk daftar lengkap",
    "kabupaten_kota": "buka kecamatan untuk daftar lengkap",
}
# Where the whole list of Posyandu with fewer than 5 kader fits on screen, when it is cut here
# (a comment, not a docstring: Streamlit magic draws a bare string of a page on the screen).


def _under5(context: PageView, under5: pd.DataFrame, count: int) -> None:
    """The Posyandu with fewer than 5 kader, fewest first: all of them, or the first
    ``data.UNDER5_LIMIT`` (``count`` is the metric ``kader_under5_count``, the whole list's length)."""
    st.subheader("Posyandu dengan kader kurang dari 5")
    if count == 0:
        st.success(f"Semua Posyandu di {context.name} memiliki sedikitnya 5 kader aktif.", icon="✅")
        return
    caption = (
        f"{format_number(count)} Posyandu berjalan dengan kurang dari 5 kader aktif: bidang-bidangnya terpaksa "
        "digabung. Prioritaskan perekrutan kader di Posyandu berikut."
    )
    if len(under5) < count:
        hint = FULL_LIST_HINT.get(context.level, "buka wilayah di bawahnya untuk daftar lengkap")
        caption += (
            f" Menampilkan {format_number(len(under5))} dari {format_number(count)} Posyandu dengan kader paling "
            f"sedikit; {hint}."
        )
    st.caption(caption)
    fitted_table(under5_table(under5), limit=420)
    download_buttons(
        under5[UNDER5_COLUMNS],
        f"posyandu kader kurang dari 5 {context.name} {context.year}",
        key="kader_under5_dl",
    )


def _draw(context: PageView, fetched: Fetched) -> None:
    result = fetched.result
    changes = change_against_previous_year(result, fetched.previous)
    card_row(result, CARDS, changes=changes, caption=lambda code: _count_caption(code, result.counts))
    if not result.metrics["posyandu_total"]:
        st.info(
            f"Belum ada Posyandu aktif yang terdaftar di {context.name} pada periode ini, jadi belum ada kader "
            "untuk ditampilkan. Pastikan Posyandu sudah dicatat dengan kode desa/kelurahan yang benar."
        )
        return
    if result.metrics["kader_total"]:
        _training_types(context, fetched.training, result.counts)
    else:
        st.info(
            f"Belum ada kader aktif yang tercatat di Posyandu {context.name}. Angka pelatihan tampil setelah "
            "data kader Posyandu diisi."
        )
    if context.children:
        counted_ranking(
            context,
            result,
            RANKINGS,
            subject="Kader dan pengurus terlatih",
            key="kader_ranking",
            extra_metric="kader_under5_count",
        )
    else:
        st.caption(f"{context.name} adalah desa/kelurahan: tidak ada wilayah di bawahnya.")
    _under5(context, fetched.under5, int(result.metrics["kader_under5_count"] or 0))


show_page(registry.KADER, spinner="Menghitung kader dan pelatihan…", fetch=_fetch, draw=_draw)
