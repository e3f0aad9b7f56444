"""``python -m scripts.prepare_views``: open the views people open first on running dashboard servers,
so the first visitor of the day (or after a summaries refresh) does not pay for everyone.

What it opens, each once, for the current period (the link without ``year``/``month``, as shared):
the Ringkasan of the country, of every provinsi and of every kabupaten/kota (``--regions`` names
others), and with ``--meeting`` the five meeting screens of the same regions (``?mode=rapat&layar=N``).
Each view runs the page as a visitor's session does (``benchmarks/streamlit_client.py``: HTTP, the
websocket, one run to the settled page), so what it leaves behind is exactly what a visitor needs:
the figures' data in ``st.cache_data``, the built figures in ``dashboard.figure_cache``, the
modules imported. It runs against each ``--url`` in turn: behind a proxy, give every process's own
address (a view prepared on one process is not prepared on the other).

When: after the server has started (``scripts/start.sh`` runs it in the background once
``/_stcore/health`` answers) and after each summaries refresh. The dashboard keys its data caches by
the data's version (:func:`data_access.summaries.data_version`), which a running process notices
within ``CHECK_SECONDS`` (a minute) of a refresh: so this waits until a minute has passed since the
summaries were published (``--no-settle`` skips it), and what it prepares is the new data. With access
control on, an anonymous session sees only the sign-in screen: then it prepares nothing but the
imports.

Only 127.0.0.1 is contacted (:class:`benchmarks.streamlit_client.Target`). Exit code 0 when every
view settled, 1 when one failed, 2 when no server answered.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from urllib.parse import urlencode

from benchmarks.streamlit_client import NotLoopbackError, SessionResult, StreamlitSession, Target, View
from data_access.db import create_read_only_engine
from data_access.scope import child_regions
from data_access.settings import database_url
from data_access.summaries import lookup, published_at

MEETING_SCREENS = (1, 2, 3, 4, 5)
DEFAULT_URL = "http://127.0.0.1:8501"


def first_regions(url: str) -> list[str | None]:
    """The country (None), every provinsi and every kabupaten/kota, in code order: the views a
    deployment's visitors open first."""
    engine = create_read_only_engine(url)
    try:
        with engine.connect() as conn:
            provinces = list(child_regions(conn, None))
            kabupaten = [child for province in provinces for child in child_regions(conn, province)]
    finally:
        engine.dispose()
    return [None, *(region.code for region in provinces), *(region.code for region in kabupaten)]


def views(regions: Sequence[str | None], *, meeting: bool, years: Sequence[int] = ()) -> list[View]:
    """Ringkasan of each region, then (``meeting``) its meeting screens; for the current period, or
    for each of ``years`` (a link naming its year is another view: other data, other figures)."""
    found: list[View] = []
    periods: list[int | None] = [*years] if years else [None]
    for year in periods:
        for code in regions:
            base = ({"region": code} if code else {}) | ({"year": str(year)} if year else {})
            found.append(View("", urlencode(base)))
            if meeting:
                found += [View("", urlencode(base | {"mode": "rapat", "layar": str(n)})) for n in MEETING_SCREENS]
    return found


def wait_healthy(target: Target, timeout_s: float) -> bool:
    """Whether ``/_stcore/health`` answers within ``timeout_s`` seconds (the server may be starting)."""
    deadline = time.monotonic() + timeout_s
    handler = urllib.request.ProxyHandler({})  # 127.0.0.1 only, never through a proxy
    opener = urllib.request.build_opener(handler)
    while True:
        try:
            with opener.open(f"{target.base_url}/_stcore/health", timeout=5) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(1.0)


async def _open(target: Target, view: View, index: int, timeout_s: float, gate: asyncio.Semaphore) -> SessionResult:
    async with gate:
        session = StreamlitSession(target, view, index)
        try:
            return await session.open(timeout_s)
        finally:
            await session.close()


async def prepare(
    target: Target, planned: Sequence[View], *, parallel: int, timeout_s: float
) -> list[tuple[View, SessionResult]]:
    """Open every view of ``planned`` on ``target``, at most ``parallel`` at a time (a prepare run
    should not crowd out the visitors it prepares for)."""
    gate = asyncio.Semaphore(max(1, parallel))
    results = await asyncio.gather(*(_open(target, view, i, timeout_s, gate) for i, view in enumerate(planned)))
    return list(zip(planned, results, strict=True))


def settle_after_refresh(url: str) -> float:
    """Sleep until every running process has noticed the last summaries refresh (its verdict is
    re-judged at most ``CHECK_SECONDS`` after the publication); the seconds slept."""
    engine = create_read_only_engine(url)
    try:
        published = published_at(engine)
    finally:
        engine.dispose()
    if published is None:
        return 0.0
    if published.tzinfo is None:
        published = published.replace(tzinfo=dt.UTC)
    since = (dt.datetime.now(dt.UTC) - published).total_seconds()
    wait = max(0.0, lookup.CHECK_SECONDS + 1 - since)
    if wait:
        print(f"prepare: summaries published {since:.0f} s ago; waiting {wait:.0f} s for the servers to notice")
        time.sleep(wait)
    return wait


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts.prepare_views", description=__doc__.split("\n")[0])
    parser.add_argument("--url", action="append", help=f"a running server (repeatable; default {DEFAULT_URL})")
    parser.add_argument("--database-url", help="where the regions are listed (default: the dashboard's database)")
    parser.add_argument("--regions", help="comma-separated region codes ('country' = the whole country)")
    parser.add_argument(
        "--year", type=int, action="append", help="a year to prepare (repeatable; default: the current period)"
    )
    parser.add_argument("--meeting", action="store_true", help="also the five meeting screens of each region")
    parser.add_argument("--parallel", type=int, default=2, help="views open at once per server (default 2)")
    parser.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a starting server (default 0)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one view may take (default 120)")
    parser.add_argument(
        "--no-settle", action="store_true", help="do not wait a minute after a just-published summaries refresh"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        targets = [Target.from_url(url) for url in (args.url or [DEFAULT_URL])]
    except NotLoopbackError as error:
        print(f"prepare: {error}", file=sys.stderr)
        return 2
    if args.regions:
        regions: list[str | None] = [None if code in ("country", "") else code for code in args.regions.split(",")]
    else:
        regions = first_regions(args.database_url or database_url())
    planned = views(regions, meeting=args.meeting, years=args.year or ())
    if not args.no_settle:
        settle_after_refresh(args.database_url or database_url())
    failed = answered = 0
    for target in targets:
        if not wait_healthy(target, args.wait):
            print(f"prepare: no server at {target.base_url}", file=sys.stderr)
            continue
        answered += 1
        start = time.perf_counter()
        for view, result in asyncio.run(prepare(target, planned, parallel=args.parallel, timeout_s=args.timeout)):
            if not result.ok:
                failed += 1
                print(
                    f"prepare: {target.base_url}{view.path_and_query()}: {'; '.join(result.problems)}", file=sys.stderr
                )
        print(
            f"prepare: {target.base_url}: {len(planned)} views in {time.perf_counter() - start:.1f} s, {failed} failed"
        )
    if not answered:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
