"""Tables of the Kelembagaan page as people read them: counts beside percentages ("3.074 (61,2 %)"),
and the desa/kelurahan with the step each is stuck at. Pure DataFrame -> DataFrame builders."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.formatting import format_number, format_percent, number_or_none, whole
from dashboard.labels import STUCK_STEP_LABELS

YES, NO = "✔ Sudah", "✖ Belum"


def count_share(count: object, share: object) -> str:
    """``"3.074 (61,2 %)"``; ``"0 (–)"`` when the share is null (nothing to divide by)."""
    return f"{format_number(whole(count))} ({format_percent(number_or_none(share))})"


def count_of(count: object, base: object, share: object) -> str:
    """``"12 dari 20 (60,0 %)"``, for figures whose base is not the Posyandu (desa, kecamatan)."""
    shown = number_or_none(share)
    return f"{format_number(whole(count))} dari {format_number(whole(base))} ({format_percent(shown)})"


COLUMN_LABELS: dict[str, str] = {
    "registered_pct": "Teregistrasi",
    "sk_pct": "Ber-SK",
    "kelembagaan_pct": "Kelembagaan SS3",
    "pengurus_complete_pct": "Pengurus lengkap",
    "kader_under5_count": "Kader < 5",
    "tp_desa_kel_pct": "TP desa/kel",
    "tp_kecamatan_pct": "TP kecamatan",
}
"""Short headers, so the table fits a laptop screen; the cards above carry the full names."""


def indicator_table(indicators: pd.DataFrame, stuck: pd.DataFrame | None, *, unit_label: str) -> pd.DataFrame:
    """One row per region of ``institution_indicators`` (the rows given), with the ready desa/kel from
    ``stuck_summary`` when given. ``unit_label`` names the first column ("Kecamatan").

    Posyandu figures read "count (share of Posyandu)", Tim Pembina figures "count dari base (share)",
    or "✔ Sudah" / "✖ Belum" for a region that is itself the one unit counted (a desa's own TP). A
    Tim Pembina column whose base is 0 on every row but the first (kecamatan TP among desa) is left out.
    The region's own row (``is_region``) is named "<name> (seluruh wilayah)", so a kecamatan and its
    kelurahan of the same name are told apart.
    """
    ready = (
        {} if stuck is None else dict(zip(stuck["code"], zip(stuck["siap"], stuck["desa"], strict=True), strict=True))
    )
    rest = indicators.iloc[1:]
    tp_codes = [
        code for code in ("tp_desa_kel_pct", "tp_kecamatan_pct") if rest.empty or (rest[f"{code}_base"] > 0).any()
    ]
    rows = []
    for row in indicators.to_dict("records"):
        name = f"{row['name']} (seluruh wilayah)" if row.get("is_region") else row["name"]
        shown: dict[str, object] = {unit_label: name, "Posyandu": format_number(row["registered_pct_base"])}
        for code in ("registered_pct", "sk_pct", "kelembagaan_pct", "pengurus_complete_pct"):
            shown[COLUMN_LABELS[code]] = count_share(row[f"{code}_count"], row[code])
        shown[COLUMN_LABELS["kader_under5_count"]] = count_share(row["kader_under5_count"], row["kader_under5_pct"])
        for code in tp_codes:
            count, base = int(row[f"{code}_count"]), int(row[f"{code}_base"])
            shown[COLUMN_LABELS[code]] = (YES if count else NO) if base == 1 else count_of(count, base, row[code])
        if row["code"] in ready:
            count, total = ready[row["code"]]
            if total == 1:
                shown["Desa/kel siap"] = "✔ Siap" if count else "✖ Belum"
            else:
                shown["Desa/kel siap"] = f"{format_number(int(count))} dari {format_number(int(total))}"
        rows.append(shown)
    return pd.DataFrame(rows)


def desa_table(readiness: pd.DataFrame) -> pd.DataFrame:
    """The desa/kelurahan of ``desa_readiness`` as shown: counts as numbers (sortable), the Tim
    Pembina as ✔/✖ with a word, and the step each is stuck at in words."""
    return pd.DataFrame(
        {
            "Kode": readiness["desa_code"],
            "Desa/Kelurahan": readiness["desa_name"],
            "Kecamatan": readiness["kecamatan_name"].fillna("–"),
            "Posyandu": readiness["posyandu"].astype(int),
            "Ber-SK": readiness["with_sk"].astype(int),
            "Ber-SK & teregistrasi": readiness["with_sk_registered"].astype(int),
            "TP desa/kel": readiness["tp_formed"].map(lambda formed: YES if formed else NO),
            "Tertahan di": readiness["stuck_at"].map(STUCK_STEP_LABELS),
        }
    )


def filter_stuck(readiness: pd.DataFrame, steps: list[str]) -> pd.DataFrame:
    """The desa/kelurahan stuck at one of ``steps`` (all of them when ``steps`` is empty)."""
    if not steps:
        return readiness
    return readiness[readiness["stuck_at"].isin(steps)]
