"""The REST API under /api/v1 (routes/, schemas/), its OpenAPI manual and Swagger UI
(docs.py, openapi_manual.py, examples), and the section head's dashboard."""
