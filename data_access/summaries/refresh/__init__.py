"""Building the summaries: the *batch layer*, above every module that computes a figure.

It runs their raw queries for every cut and writes what they return into the summary store; nothing
that computes a figure imports it. ``python -m data_access.summaries refresh`` runs :func:`refresh`.

- :mod:`.job` -- the job: cuts, snapshot, steps, stamp, publish;
- :mod:`.counts` -- the ``region_cut_counts`` of a cut; :mod:`.rows` -- every other table's rows;
- :mod:`.rollup` -- adding per-desa counts up onto every region; :mod:`.writer` -- the new generation.
"""

from data_access.summaries.refresh.job import RefreshReport, first_view_cuts, period_cuts, refresh

__all__ = ["RefreshReport", "first_view_cuts", "period_cuts", "refresh"]
