"""The indicator layer: turns stored observations into follow-up.

``ingest`` writes observations; this package reads them and computes what the council reads: the
strategy model (``model``), formulas over stored series (``compute``), the progress assessment
(``progress``, pure functions), the follow-up of a strategy as data (``follow_up``) and the
secretariat's commentary as read (``commentary``). Its results go into ``indicator_values``,
``progress`` and ``qualitative_assessments``; the dashboard and the reports read them from here.
"""
