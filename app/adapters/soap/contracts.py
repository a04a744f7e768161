"""The SOAP contract files (WSDL, KD_RES and KD_ALASAN_PLP tables) in contracts/."""

from __future__ import annotations

from app.adapters.contract_files import contracts_dir, table, text

__all__ = ["contracts_dir", "table", "text"]
