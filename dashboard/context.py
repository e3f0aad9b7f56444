"""The region and period every page shows, kept in the URL (``?region=36.73&year=2025&month=6``).

The view lives in the session (``_view``) and is mirrored into the query parameters on every run,
so a link reopens the same view on any page. A new session (a shared link, a reload) takes the
view from the URL; within a session, a page switch -- which clears query parameters Streamlit does
not own -- takes it from the session and writes it back. The visible pickers (breadcrumb, child
region, year, month) and chart clicks only change the session view, through callbacks or a pending
drill applied at the start of the next run. An unknown code, a year without data or a bad month
gets a clear message and a fallback, and the URL is corrected.

With access control on, the view is held to the signed-in user's region: a URL, picker, click,
breadcrumb or pending drill naming a region outside it is refused with a message and falls back to
the user's own region -- decided from the code alone, so nothing outside is ever queried. The
breadcrumb shows the levels above the user's region but does not let them be opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.auth.session import request_access
from dashboard.charts.formatting import month_name
from dashboard.labels import CHILD_LEVEL_NAMES, COUNTRY_NAME
from data_access import Region, UnknownRegionError
from data_access.access import AccessScope

REGION_KEY, YEAR_KEY, MONTH_KEY = "region", "year", "month"
VIEW_KEYS = (REGION_KEY, YEAR_KEY, MONTH_KEY)
_VIEW_STATE = "_view"
_PUBLISHED_STATE = "_view_published"
_PENDING_KEY = "_pending_region"
_CODE_PATTERN = re.compile(r"^[0-9A-Za-z.]{1,40}$")


@dataclass(frozen=True)
class PageView:
    """The resolved (region, period) of this run, and what pages need to fetch for it."""

    url: str
    region: Region | None
    path: list[Region]
    children: list[Region]
    year: int
    month: int
    years: list[int]
    sample: bool
    messages: list[str] = field(default_factory=list)
    access: AccessScope | None = None
    """The signed-in user's scope (None when access control is off)."""

    @property
    def restricted(self) -> bool:
        """Whether this user sees only part of the country."""
        return self.access is not None and not self.access.national

    @property
    def code(self) -> str | None:
        return self.region.code if self.region else None

    @property
    def name(self) -> str:
        return self.region.name if self.region else COUNTRY_NAME

    @property
    def level(self) -> str | None:
        return self.region.level if self.region else None

    @property
    def child_level_name(self) -> str:
        """What the children are called ("Kecamatan"); empty where there are none (desa/kelurahan)."""
        return CHILD_LEVEL_NAMES.get(self.level, "") if self.children else ""

    def fetch(self, name: str, **options: Any) -> Any:
        """Cached ``data_access`` call ``name`` for this view (see ``dashboard.data.FETCHERS``)."""
        return data.fetch(name, self.url, self.code, self.year, self.month, **options)


def request_drill(code: str | None) -> None:
    """Drill to ``code`` (None = the country) from a chart click: applied at the start of the next run."""
    st.session_state[_PENDING_KEY] = code or ""
    st.rerun()


def _view() -> dict[str, str]:
    """The session's view (region/year/month as URL strings), created on first use."""
    return st.session_state.setdefault(_VIEW_STATE, {})


def _set(key: str, value: str | None) -> None:
    _view()[key] = value or ""


def _set_region(code: str | None) -> None:
    _set(REGION_KEY, code)


def _url_view() -> dict[str, str]:
    return {key: str(st.query_params.get(key, "")).strip() for key in VIEW_KEYS}


def _incoming() -> dict[str, str]:
    """The requested view. The URL decides in a new session, or when it names a view other than the
    one last published (the browser's back button, an edited link); otherwise the session decides --
    a page switch has cleared the URL, or a picker has just changed the session view."""
    view = st.session_state.get(_VIEW_STATE)
    url_view = _url_view()
    url_names_a_view = any(url_view.values())
    if view is None or (url_names_a_view and url_view != st.session_state.get(_PUBLISHED_STATE)):
        return url_view
    return {key: str(view.get(key, "")).strip() for key in VIEW_KEYS}


def _publish(view: dict[str, str]) -> None:
    """Make the session view and the URL say the same thing."""
    st.session_state[_VIEW_STATE] = dict(view)
    st.session_state[_PUBLISHED_STATE] = dict(view)
    wanted = {key: value for key, value in view.items() if value}
    current = {key: st.query_params.get(key) for key in VIEW_KEYS if key in st.query_params}
    if current != wanted:
        for key in VIEW_KEYS:
            if key in st.query_params and key not in wanted:
                del st.query_params[key]
        st.query_params.update(wanted)


def _style_sidebar() -> None:
    st.html(
        "<style>"
        ".st-key-crumbs button{justify-content:flex-start;text-align:left;min-height:1.6rem;padding:0 .25rem}"
        ".st-key-crumbs button > div{justify-content:flex-start;width:100%}"
        ".st-key-crumbs button p{font-size:0.95rem}</style>"
    )


def _validated_region(url: str, raw: str, messages: list[str], access: AccessScope | None = None) -> Region | None:
    """The requested region, or the fallback -- the country, or the user's own region when access is
    limited -- with a message saying why. A code outside the scope is refused before any lookup."""
    fallback = access.root if access is not None else None
    fallback_name = f"{fallback.name} ({fallback.code})" if fallback else COUNTRY_NAME
    if not raw:
        return fallback
    if not _CODE_PATTERN.match(raw):
        messages.append(f"Kode wilayah di tautan tidak valid; ditampilkan {fallback_name}.")
        return fallback
    if access is not None and not access.allows(raw):
        messages.append(f"Wilayah {raw} di luar wilayah akses Anda; ditampilkan {fallback_name}.")
        return fallback
    try:
        found = data.region(url, raw)
    except UnknownRegionError:
        messages.append(f"Kode wilayah {raw} tidak dikenal; ditampilkan {fallback_name}.")
        return fallback
    if access is not None and not access.allows_region(found):
        messages.append(f"Wilayah {raw} di luar wilayah akses Anda; ditampilkan {fallback_name}.")
        return fallback
    return found


def _echo(raw: str) -> str:
    """`` 13`` for a short number to repeat in a message, else nothing: a link's text is anyone's
    input, and a warning renders Markdown (a crafted ``?year=[masuk](http://...)`` would show a link)."""
    return f" {raw}" if re.fullmatch(r"-?[0-9]{1,6}", raw) else ""


def _validated_year(raw: str, years: list[int], messages: list[str]) -> int:
    latest = years[-1]
    if not raw:
        return latest
    try:
        year = int(raw)
    except ValueError:
        messages.append(f"Tahun{_echo(raw)} di tautan tidak valid; ditampilkan tahun {latest}.")
        return latest
    if year not in years:
        messages.append(f"Tahun{_echo(str(year))} tidak memiliki data laporan; ditampilkan tahun {latest}.")
        return latest
    return year


def _validated_month(raw: str, messages: list[str]) -> int | None:
    if not raw:
        return None
    try:
        month = int(raw)
    except ValueError:
        month = 0
    if not 1 <= month <= 12:
        messages.append(f"Bulan{_echo(raw)} di tautan tidak valid; ditampilkan bulan terakhir yang berdata.")
        return None
    return month


def current_view(*, pickers: bool = True) -> PageView | None:
    """Resolve and render the shared region/period pickers; None when the page cannot show anything
    (the reason is already on screen). ``pickers=False`` resolves the same view without drawing the
    sidebar (the meeting screen has none): region, period and URL behave exactly the same."""
    requested = _incoming()
    if _PENDING_KEY in st.session_state:
        requested[REGION_KEY] = st.session_state.pop(_PENDING_KEY)
    url = data.current_url()
    try:
        year_options = data.years(url)
    except data.DashboardError as error:
        st.error(str(error))
        return None
    if not year_options:
        st.info(
            "Belum ada laporan layanan Posyandu di database ini. Setelah Posyandu mulai melapor, "
            "angka-angkanya tampil di sini."
        )
        return None

    messages: list[str] = []
    try:
        access = _user_access()
    except PermissionError:
        st.error("Silakan masuk terlebih dahulu untuk melihat data.")
        return None
    try:
        region = _validated_region(url, requested[REGION_KEY], messages, access)
        year = _validated_year(requested[YEAR_KEY], year_options, messages)
        month_param = _validated_month(requested[MONTH_KEY], messages)
        month = data.resolved_month(url, year, month_param)
        path = data.path(url, region.code) if region else []
        children = data.children(url, region.code if region else None)
    except data.DashboardError as error:
        st.error(str(error))
        return None
    _publish(
        {
            REGION_KEY: region.code if region else "",
            YEAR_KEY: str(year),
            MONTH_KEY: str(month_param) if month_param is not None else "",
        }
    )
    context = PageView(
        url=url,
        region=region,
        path=path,
        children=children,
        year=year,
        month=month,
        years=year_options,
        sample=data.on_sample(url),
        messages=messages,
        access=access,
    )
    if pickers:
        _style_sidebar()
        _render_pickers(context)
    return context


def _user_access() -> AccessScope | None:
    """The signed-in user's scope, None when access control is off (``dashboard.auth``)."""
    return request_access()


def _render_pickers(context: PageView) -> None:
    sidebar = st.sidebar
    sidebar.markdown("**Wilayah**")
    crumbs: list[tuple[str | None, str]] = [(None, COUNTRY_NAME)] + [(r.code, r.name) for r in context.path]
    with sidebar.container(key="crumbs", gap=None):
        for depth, (code, name) in enumerate(crumbs):
            is_current = code == context.code
            outside = context.access is not None and not context.access.allows(code)
            label = ("\u2003" * depth) + ("▸ " if depth else "") + (f"**{name}**" if is_current else name)
            st.button(
                label,
                key=f"crumb_{code or 'id'}",
                on_click=_set_region,
                args=(code,),
                disabled=is_current or outside,
                help="Di atas wilayah akses Anda" if outside else None,
                width="stretch",
                type="tertiary",
            )
    if context.children:
        names = {child.code: child.name for child in context.children}
        st.session_state["_child_pick"] = None
        sidebar.selectbox(
            f"Buka {context.child_level_name.lower()}",
            options=list(names),
            key="_child_pick",
            format_func=lambda code: names.get(code, code),
            placeholder=f"Pilih {context.child_level_name.lower()}…",
            on_change=lambda: _set_region(st.session_state.get("_child_pick")),
        )

    sidebar.markdown("**Periode**")
    st.session_state["_year_pick"] = context.year
    sidebar.selectbox("Tahun", options=context.years, key="_year_pick", on_change=_pick_year, args=(context,))
    last_month = 12
    today = data.today()
    if context.year == today.year:
        last_month = today.month
    months = list(range(1, last_month + 1))
    st.session_state["_month_pick"] = context.month if context.month in months else months[-1]
    sidebar.selectbox(
        "Sampai bulan",
        options=months,
        key="_month_pick",
        format_func=month_name,
        on_change=_pick_month,
        args=(context,),
    )


def _pick_year(context: PageView) -> None:
    _set(YEAR_KEY, str(st.session_state["_year_pick"]))
    _set(MONTH_KEY, "")  # the new year opens on its own latest month


def _pick_month(context: PageView) -> None:
    _set(MONTH_KEY, str(st.session_state["_month_pick"]))
