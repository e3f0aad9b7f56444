"""Sections more than one page draws: a row of metric cards, a ranking of the child regions with the
counts behind each share, a tally of statuses, and a table sized to its rows. Each takes the page's
view and data and draws the same thing wherever it stands, with the page's own widget keys."""
