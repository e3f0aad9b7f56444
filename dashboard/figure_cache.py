"""Figures built once per content and shared by every session of the process.

A warm page run used to spend most of its CPU building plotly figures that are the same for everyone
who opens the view: the status map alone (boundaries copied into every trace, the template
validated, the whole figure deep-copied again by ``st.plotly_chart``) was about two thirds of a
Ringkasan run (py-spy, docs/performance.md "Where a warm page run's time goes"). When the WhatsApp
link reaches a meeting, fifty sessions paid that fifty times.

:func:`prepared` builds a figure with a pure chart builder (``dashboard.charts``) once per
*content*: the key is a digest of the builder's name and of every argument it gets (the data frames,
the boundaries, the labels, the sizes), so

- a figure is never shown for data it was not built from: new summaries, another period, another
  metric or another region give other arguments, hence another key;
- it can never carry one user's scoped data to another: whatever the figure shows came in through
  the arguments of the session asking, which were already cut to its access scope before the call
  (a session can only get a figure back for exactly the data it already holds);
- sessions asking for the same cold figure at once wait for one build (``st.cache_resource`` holds
  a lock per key), as ``st.cache_data`` does for the figures' data.

The cached object is a :class:`PreparedFigure`: its plain dict is made once, so ``st.plotly_chart``
(which asks every run for ``to_dict()``, a deep copy of every trace) only serialises it. Cached
figures are shared across sessions and threads: nobody may change one after :func:`prepared`
returned it (the pages only pass it to ``st.plotly_chart``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

FIGURE_TTL_SECONDS = 600
"""As long as the data caches (``dashboard.data.CACHE_TTL_SECONDS``): an entry nobody asked for
since is dropped with the data it was built from."""
MAX_FIGURES = 256
"""Enough for the views a deployment's visitors open first (every kabupaten/kota's Ringkasan of a
provinsi, a few metrics each); a kabupaten's map is well under 1 MB, so the cache stays a small share
of the page process's 1.5 GB budget. Beyond it the least recently used figures go first."""


class PreparedFigure(go.Figure):
    """A built figure whose plain dict is computed once, when it is cached.

    ``st.plotly_chart`` calls ``to_dict()`` on every run and plotly answers with a deep copy of
    every trace (for a map: every boundary); this figure answers with the one dict made here, exactly
    the builder's figure. That dict is shared: read it, never change it.

    The figure object itself carries only the layout (``figure.layout.height`` reads as usual); the
    traces live in the dict alone (``figure.to_dict()["data"]``), so a cached map holds its
    boundaries once rather than twice (0.43 MB instead of 0.72 MB for Kapuas's kecamatan map)."""

    def __init__(self, figure: go.Figure) -> None:
        plain = figure.to_dict()
        super().__init__(layout=plain.get("layout"))
        self._prepared_dict: dict[str, Any] = plain

    def to_dict(self) -> dict[str, Any]:
        """The dict made once at construction (not a copy; see the class docstring)."""
        return self._prepared_dict


def content_key(builder: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """A digest of the builder's name and of everything it is given.

    Pickle covers data frames, dataclasses such as ``RegionShapes`` and plain values alike. Equal
    content can pickle differently (an object shared in one run and repeated in another): that only
    costs a second build, never a wrong figure."""
    payload = pickle.dumps(
        (builder.__module__, builder.__qualname__, args, sorted(kwargs.items())), protocol=pickle.HIGHEST_PROTOCOL
    )
    return hashlib.blake2b(payload, digest_size=20).hexdigest()


@st.cache_resource(ttl=FIGURE_TTL_SECONDS, max_entries=MAX_FIGURES, show_spinner=False)
def _build(name: str, key: str, _build: Callable[[], go.Figure]) -> PreparedFigure:
    """The figure for ``key`` (``name`` only makes the cache readable); built by ``_build`` once."""
    return PreparedFigure(_build())


def prepared(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per content and shared (see the module docstring)."""
    key = content_key(builder, args, kwargs)
    return _build(builder.__qualname__, key, lambda: builder(*args, **kwargs))


@st.cache_resource(ttl=FIGURE_TTL_SECONDS, max_entries=MAX_FIGURES, show_spinner=False)
def _build_spec(name: str, key: str, _build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The Vega-Lite spec for ``key`` (``name`` only makes the cache readable); built once."""
    return _build()


def prepared_spec(builder: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A Vega-Lite spec ``builder(*args, **kwargs)`` (a plain dict, e.g. Ringkasan's ranking and
    map), built once per content and shared like :func:`prepared`'s figures: building one through
    Altair validates the whole chart, about a tenth of a second for a map. ``st.vega_lite_chart``
    copies the dict before it changes anything; nobody else may change it."""
    key = content_key(builder, args, kwargs)
    return _build_spec(builder.__qualname__, key, lambda: builder(*args, **kwargs))
