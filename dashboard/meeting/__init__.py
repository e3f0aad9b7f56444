"""Mode rapat, the meeting screen for a projector (``dashboard/pages/rapat.py`` keeps only its flow):
its state in the URL and the session (:mod:`.state`), the frame around every screen -- title line,
counter, navigation, auto-advance, projector styles -- (:mod:`.frame`), and the five screens
(:mod:`.screens`, the map screen in :mod:`.maps`)."""
