"""The legacy TPS Online SOAP service at /tps/service.asmx (issue 3)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
