"""Benchmarks of the dashboard's database work (issue 4): how long each page and each ``data_access``
call takes, cold and warm, on a given database; and the load harness (issue 14): N real Streamlit
sessions opening one view at once against a server on 127.0.0.1.

Run ``python -m benchmarks.run --database-url URL`` (see ``docs/performance.md``) and
``python -m benchmarks.load`` (see ``docs/benchmarks/2026-12-06-load.md``). Nothing here runs inside
the test suite, except smoke tests that the scripts work (the tiny database; the sample, 2 sessions).
"""
