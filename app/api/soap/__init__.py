"""The legacy TPS Online SOAP channel at /tps/service.asmx (issue 3): `endpoint.py` (the route
and the WSDL), `gateway.py` (one operation per body element), `envelope.py`, `xml_safety.py`,
`documents_in.py` / `documents_out.py` (fStream documents), `results.py` (result strings),
`uploads.py`, `polls.py`, `gate_ops.py` (operations), `codes.py` (KD_RES, contracts/)."""
