"""The meeting screen's state, kept in the URL next to the shared view: which screen is shown
(``?layar=3``), the auto-advance interval for a lobby screen (``?putar=30``) and the metric the map
and the ranking follow (``?indikator=sk_pct``); and in the session, the page the meeting was opened
from. Pure functions, so the rules are tested without a browser; :mod:`dashboard.meeting.screens`
draws the screens.

These keys are not the context's (region/year/month), so ``dashboard.context`` never deletes or
rewrites them; a link with them reopens the same screen of the same meeting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from data_access import PERCENT_METRICS

MODE_KEY, MODE_MEETING = "mode", "rapat"
SCREEN_KEY = "layar"
INTERVAL_KEY = "putar"
METRIC_KEY = "indikator"
RAPAT_KEY = "rapat"
"""The meeting being held (``?rapat=<id>``): the follow-ups added on any screen are attached to it."""
MEETING_KEYS = (MODE_KEY, SCREEN_KEY, INTERVAL_KEY, METRIC_KEY, RAPAT_KEY)
REVIEW_SCREEN = 0
"""``?layar=0``: "Tindak lanjut rapat lalu", shown before screen 1 only where a region has earlier
follow-ups; the five topic screens keep their numbers 1..5, so old links still open the same screen."""
RETURN_STATE = "_rapat_return"
"""Session key of the page script the meeting was opened from (set by the router, read by "Keluar")."""


@dataclass(frozen=True)
class Screen:
    key: str
    title: str


SCREENS: tuple[Screen, ...] = (
    Screen("angka", "Angka utama"),
    Screen("peta", "Peta"),
    Screen("peringkat", "Peringkat"),
    Screen("renstra", "Kesenjangan target Renstra"),
    Screen("layanan", "Layanan 6 bidang"),
)
INTERVAL_CHOICES: tuple[int, ...] = (0, 15, 30, 60, 120)
"""Auto-advance choices in seconds (0 = off); the URL may ask for any value in the range below."""
MIN_INTERVAL, MAX_INTERVAL = 5, 3600
DEFAULT_METRIC = "registered_pct"


def parse_screen(raw: str | None, count: int = len(SCREENS), first: int = 1) -> tuple[int, str | None]:
    """The screen of ``?layar=`` (``first``..``count``; ``first`` is 0 where the review screen exists) and a
    message when it was unusable (then the first screen)."""
    text = (raw or "").strip()
    if not text:
        return first, None
    try:
        screen = int(text)
    except ValueError:
        return first, f"Layar {text!r} tidak dikenal; ditampilkan layar pertama."
    if not first <= screen <= count:
        return first, f"Layar {screen} tidak ada ({first}–{count}); ditampilkan layar pertama."
    return screen, None


def step(screen: int, delta: int, count: int = len(SCREENS), *, wrap: bool = False, first: int = 1) -> int:
    """The screen ``delta`` away: clamped to first..count for the clicker, round again for a lobby."""
    target = screen + delta
    if wrap:
        return (target - first) % (count - first + 1) + first
    return max(first, min(count, target))


def parse_rapat(raw: object) -> int | None:
    """The meeting id of ``?rapat=``; anything but a positive whole number is no meeting."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def parse_interval(raw: str | None) -> tuple[int, str | None]:
    """Auto-advance seconds of ``?putar=`` (0 = off) and a message when it was unusable (then off)."""
    text = (raw or "").strip()
    if not text or text == "0":
        return 0, None
    try:
        seconds = int(text)
    except ValueError:
        return 0, f"Interval putar otomatis {text!r} tidak valid; putar otomatis dimatikan."
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        return 0, (
            f"Interval putar otomatis harus {MIN_INTERVAL}–{MAX_INTERVAL} detik, bukan {seconds}; "
            "putar otomatis dimatikan."
        )
    return seconds, None


def interval_display(seconds: int) -> str:
    """``Mati`` / ``30 detik`` / ``2 menit``."""
    if seconds <= 0:
        return "Mati"
    if seconds % 60 == 0:
        return f"{seconds // 60} menit"
    return f"{seconds} detik"


def parse_metric(raw: str | None) -> str:
    """The percentage metric the map and the ranking follow; anything else falls back quietly to
    the default (the same first metric the Ringkasan ranking opens on)."""
    text = (raw or "").strip()
    return text if text in PERCENT_METRICS else DEFAULT_METRIC


def due(elapsed_s: float, interval_s: int, *, slack_s: float = 0.5) -> bool:
    """Whether a screen shown ``elapsed_s`` ago should advance: a click resets the clock, so a
    timer tick right after a manual move does not skip the screen the room has just seen."""
    return interval_s > 0 and elapsed_s >= interval_s - slack_s


def is_meeting(params: Mapping[str, object]) -> bool:
    """Whether the URL asks for the meeting screen (``?mode=rapat``)."""
    return str(params.get(MODE_KEY, "")).strip().lower() == MODE_MEETING


def carried_params(params: Mapping[str, object], *, meeting: bool) -> dict[str, str]:
    """The query parameters to carry over a switch into (``meeting``) or out of the meeting
    screen: everything but the meeting's own keys, which are added back only when entering."""
    carried = {key: str(value) for key, value in params.items() if key not in MEETING_KEYS and str(value)}
    if meeting:
        carried = {MODE_KEY: MODE_MEETING} | carried
        for key in (SCREEN_KEY, INTERVAL_KEY, METRIC_KEY, RAPAT_KEY):
            if str(params.get(key, "")):
                carried[key] = str(params[key])
    return carried
