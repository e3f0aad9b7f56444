"""The dashboard's own store: what people write (rapat and their tindak lanjut), kept apart from the shared
database, which the dashboard only ever reads (``data_access``).

The layers, from the bottom up: ``settings`` (where the store is), ``engine`` (a writable engine that refuses
the shared database), ``models`` (the tables), ``migrations`` (their versions, applied by ``migrate``),
``validation`` and ``records`` (what a write may contain and what a read returns), ``repository`` (every
write and read, scoped to an :class:`~app_store.records.Actor`), ``transfer`` (export and import) and
``figures`` (the pure then -> now comparison). ``python -m app_store`` is the command line.
"""
