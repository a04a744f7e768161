"""Outages of TPS Online, the manual procedure and reconciliation (issue 4)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
