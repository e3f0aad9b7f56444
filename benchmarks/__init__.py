"""Benchmarks of the dashboard's database work (issue 4): how long each page and each ``data_access``
call takes, cold and warm, on a given database.

Run ``python -m benchmarks.run --database-url URL`` (see ``docs/performance.md``). Nothing here runs
inside the test suite, except a smoke test that the script works on the tiny test database.
"""
