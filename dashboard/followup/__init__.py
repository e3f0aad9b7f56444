"""The Tindak Lanjut page's parts: the store as this session may use it (``store``), the figures a follow-up
names then and now (``figures``), the form (``form``), the list with its filters and history (``listing``) and
the "+ Tindak lanjut" button other pages put where a decision is born (``action``).

All writes and reads go through ``app_store``; nothing here runs SQL.
"""
