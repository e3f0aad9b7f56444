"""The store as this session may use it: the engine (one per process and URL), who is writing, and whether
the store may be read or written right now.

The engine is made from the URL read on every run (``app_store.settings.app_database_url``) rather than
``app_store.engine.get_store_engine()`` without arguments, whose cache would keep the first URL it saw for the
life of the process. Nothing is migrated here: ``python -m app_store upgrade`` (run by ``scripts/start.sh``)
does that, and a page that finds the store behind says so instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from app_store.engine import create_store_engine
from app_store.errors import StoreConfigurationError
from app_store.migrate import StoreStatus, store_status
from app_store.records import Actor
from app_store.settings import app_database_url
from dashboard.auth.session import signed_in_user
from dashboard.context import PageView


@st.cache_resource(on_release=lambda engine: engine.dispose())
def _engine(url: str) -> Engine:
    return create_store_engine(url)


@dataclass(frozen=True)
class Store:
    """The engine, its status on this run, and the actor this session writes and reads as."""

    engine: Engine
    status: StoreStatus
    actor: Actor

    @property
    def writable(self) -> bool:
        return self.status.writable


def actor_of(context: PageView) -> Actor:
    """The signed-in user rooted at their region; "tanpa akun" (everything) when access control is off.

    The scope comes from the view's access, the same one the figures are held to, so a follow-up is read and
    written under exactly the rule that decides which figures this user sees."""
    if context.access is None:
        return Actor.anonymous()
    user = signed_in_user()
    name = user.username if user is not None else "pengguna"
    return Actor(name=name, scope=context.access.root_code)


def open_store(context: PageView) -> Store | None:
    """The store for this run, or None with the reason on screen (a refused URL, a store that cannot be read).

    A store that can be read but not written (behind, unsafe) is returned with its message shown: the list
    stays, the forms go."""
    try:
        engine = _engine(app_database_url())
    except StoreConfigurationError as error:
        st.error(error.message)
        return None
    status = store_status(engine)
    if not status.readable:
        st.warning(status.message)
        return None
    if not status.writable:
        st.warning(status.message)
    return Store(engine=engine, status=status, actor=actor_of(context))
