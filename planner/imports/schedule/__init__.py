"""Importing the timeline: partnering meeting lists (CSV, XLSX or a delegate's calendar),
showcase slots and side events.

- ``rows``: dates, wall times in a zone, e-mails in a cell;
- ``places``: the venue and the room or table a row names (found, or made on first use);
- ``counterparts``: the partners a row names (by e-mail or by name and company);
- ``plan``: checks and matches every row into the dry run;
- ``write``: writes the checked rows through the services.
"""
