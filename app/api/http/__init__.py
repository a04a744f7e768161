"""What every inbound channel shares: the services (wiring.py), problem details and error
mapping (errors.py), the body limit, request ids and metrics (observability.py), OpenAPI tags,
offline docs assets, and the contracts/ reader."""
