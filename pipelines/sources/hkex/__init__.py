"""`HKCLOSE_SOURCE=hkex`: what HKEX, Hang Seng Indexes, HKMA and C&SD publish, fetched and kept.

`source.py` is the source (`HkexSource`); one parser per publication (`quotations.py`,
`highlights.py`, `short_selling.py` read the Daily Quotations page; `securities.py` the Lists of
Securities; `stock_connect.py`, `hang_seng.py`, `hkma_fx.py`, `macro_apis.py` the others);
`downloads.py` fetches and keeps payloads (or replays a folder offline), `vintages.py` picks the
kept payload that serves a day, `publication.py` says whether the day's publications are out.
"""
