"""Sections of the pages, drawn from the page's view and data with the page's own widget keys.

Several pages draw the same ones: a row of metric cards (:mod:`.card_row`), the child regions ranked
with the counts behind each share (:mod:`.ranking`), a tally of statuses (:mod:`.tally`) and tables
as tall as their rows (:mod:`.tables`). The rest are the larger sections of a single page, kept out
of it so the page reads as its flow: the regulations of Pendanaan (:mod:`.regulations`), the stuck
desa/kelurahan of Kelembagaan (:mod:`.stuck_desa`), the checks of Kualitas Data
(:mod:`.quality_checks`) and the pace beside a Renstra trajectory (:mod:`.pace`)."""
