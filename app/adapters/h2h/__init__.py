"""The DJBC H2H REST surface ("openapi-tpsonline", 2025): JSON bodies and query parameters
read into the domain's commands, responses written in DJBC's field names and envelope.
Names, lengths and codes come from contracts/h2h/; this package imports no other adapter."""
