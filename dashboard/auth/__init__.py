"""Who may see what: local accounts (``POSYANDU_AUTH_FILE``) or an OIDC provider (``st.login``),
each user held to one region and everything below it (``data_access.access``).

Modules: ``config`` (the accounts file), ``passwords`` (argon2), ``ratelimit`` (failed sign-ins),
``client`` (the client address behind trusted proxies, the browser cookie), ``accounts`` and
``__main__`` (``python -m dashboard.auth add-user``), ``oidc`` (claims -> region), ``session`` (the
signed-in user and the scope every fetch is held to), ``gate`` (the sign-in screen), ``guard`` (the
HTTP side: ``serve.py``'s middleware, downloads for their browser only, internal endpoints off).
This package file imports nothing, so ``dashboard.data`` can use ``session`` without a cycle.
"""
