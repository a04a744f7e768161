"""BC 1.1 manifests and SPPBs of the reference data, read whole for a look-up by number."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.adapters.sql.tables.reference_tables import (
    DeclarationItemRow,
    DeclarationRow,
    ManifestContainerRow,
    ManifestItemRow,
    ManifestRow,
)
from app.domain.customs_documents import (
    Bc11Manifest,
    ManifestContainer,
    ManifestItem,
    ReleasedBl,
    Sppb,
)

M_T, MI_T = ManifestRow.__table__, ManifestItemRow.__table__  # type: ignore[attr-defined]
MC_T = ManifestContainerRow.__table__  # type: ignore[attr-defined]
D_T, DI_T = DeclarationRow.__table__, DeclarationItemRow.__table__  # type: ignore[attr-defined]
M, MI, MC, D, DI = M_T.c, MI_T.c, MC_T.c, D_T.c, DI_T.c


class SqlCustomsDocuments:
    def __init__(self, session: Session) -> None:
        self._session = session

    def manifest(self, office_code: str, number: str, on: date) -> Bc11Manifest | None:
        where = (M.office_code == office_code, M.number == number, M.manifest_date == on)
        head = self._session.execute(select(M_T).where(*where)).first()
        if head is None:
            return None
        items = self._session.execute(
            select(MI_T).where(MI.manifest_id == head.id).order_by(MI.pos_number, MI.id)
        ).all()
        containers: dict[int, list[ManifestContainer]] = defaultdict(list)
        query = (
            select(MC_T)
            .join(MI_T, MI.id == MC.item_id)
            .where(MI.manifest_id == head.id)
            .order_by(MC.id)
        )
        for c in self._session.execute(query):
            containers[c.item_id].append(ManifestContainer(c.number, c.size, c.iso_type, c.fcl_lcl))
        return Bc11Manifest(
            head.office_code,
            head.number,
            head.manifest_date,
            head.vessel_name,
            head.call_sign,
            head.voyage,
            head.arrival_date,
            tuple(
                ManifestItem(
                    i.pos_number,
                    i.consignee,
                    i.consignee_id,
                    i.bl_number,
                    i.bl_date,
                    i.master_bl_number,
                    i.master_bl_date,
                    i.package_type,
                    i.package_count,
                    tuple(containers[i.id]),
                )
                for i in items
            ),
        )

    def sppb(self, office_code: str, number: str, on: date) -> Sppb | None:
        where = (D.office_code == office_code, D.sppb_number == number, D.sppb_date == on)
        row = self._session.execute(select(D_T).where(*where).order_by(D.id)).first()
        if row is None:
            return None
        goods = self._session.execute(
            select(DI_T).where(DI.declaration_id == row.id).order_by(DI.id)
        ).all()
        return Sppb(
            row.office_code,
            number,
            on,
            row.kind,
            row.number,
            row.declaration_date,
            row.bc11_number,
            row.bc11_date,
            tuple(g.container_number for g in goods if g.container_number),
            tuple(ReleasedBl(g.bl_number, g.bl_date) for g in goods if g.bl_number),
        )
