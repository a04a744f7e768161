"""The SOAP endpoint's logic: envelope in, one operation by the body element's local name,
envelope out. Protocol errors are Faults; business refusals are result strings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.api.soap import envelope, gate_ops, lookups, polls, uploads, wsdl
from app.api.soap.context import SoapContext
from app.api.soap.envelope import SoapCall
from app.api.soap.errors import SoapFaultError

log = logging.getLogger("plp.soap")
Operation = Callable[[SoapCall, SoapContext], str]

OPERATIONS: dict[str, Operation] = {
    "UploadMohonPLP": uploads.upload_plp,
    "PermohonanPLP": uploads.upload_plp,
    "UploadBatalPLP": uploads.upload_batal,
    **dict.fromkeys(polls.POLLED, polls.poll),
    **dict.fromkeys(polls.CANCELLATIONS, polls.poll),
    "GetResponPlp_onDemands": polls.plp_on_demand,
    "GetResponBatalPlp_onDemands": polls.batal_on_demand,
    "CoarriCodeco_Container": gate_ops.container,
    "CoarriCodeco_Kemasan": gate_ops.kemasan,
    "CoCoCont_Tes": gate_ops.container_test,
    "CoCoKms_Tes": gate_ops.kemasan_test,
    "GetImpor_Bc11": lookups.bc11,
    "GantiPassword": lookups.ganti_password,
    "GetPendukungPLP": lookups.supporting,
    "GetPendukungPLP_BL": lookups.supporting,
    "GetImpor_Sppb": lookups.sppb,
    "GetDokumenManual_OnDemand": lookups.manual_document,
}
_BY_LOWER = {name.lower(): name for name in wsdl.operations()}


@dataclass(frozen=True)
class SoapReply:
    status: int
    content_type: str
    body: bytes
    retry_after: int | None = None  # seconds, with a 429


def fault_reply(content_type: str | None, message: str, status: int = 500) -> SoapReply:
    version = envelope.version_for(content_type)
    return SoapReply(status, version.content_type, envelope.fault(version, message))


def handle(body: bytes, content_type: str | None, ctx: SoapContext) -> SoapReply:
    version = envelope.version_for(content_type)
    operation = "?"
    try:
        call = envelope.parse(body, content_type)
        version, operation = call.version, _BY_LOWER.get(call.operation.lower(), call.operation)
        if operation not in _BY_LOWER.values():
            raise SoapFaultError(f"unknown operation {call.operation!r}")
        call = SoapCall(version, operation, call.params, call.nodes)
        text = OPERATIONS.get(operation, lookups.not_served)(call, ctx)
        return SoapReply(200, version.content_type, envelope.result(version, operation, text))
    except SoapFaultError as exc:
        body = envelope.fault(version, exc.message)
        return SoapReply(exc.status, version.content_type, body, exc.retry_after)
    except Exception:  # a bug, or the database gone mid-request: a Fault, never an HTML 500
        # never the body: it carries credentials and the fStream
        log.exception("SOAP operation %s failed unexpectedly", operation)
        message = "internal error; it has been logged"
        return SoapReply(500, version.content_type, envelope.fault(version, message, False))
