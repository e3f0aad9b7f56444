"""The Streamlit dashboard: pages in ``dashboard/pages``, pure figure builders in ``dashboard/charts``."""
