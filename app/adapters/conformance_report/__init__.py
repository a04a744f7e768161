"""Issue 17: a conformance run's report as JSON (a stable dict), JUnit XML (for a vendor's CI)
and one self-contained HTML page with a sequence diagram per scenario.

Every writer is a pure function of a `RunReport` and a `Translator`: the routes choose the
language and the media type, the writers only turn the record into text. Rule IDs, wire names
and evidence are never translated; titles, headings and outcome names are.
"""
