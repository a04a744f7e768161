"""DJBC's H2H JSON channel (issue 7): `mount` puts its two sub-applications on the app;
`too_large` is how its clients hear that a body passed the limit. The code: `mount.py`
(sub-applications), `auth.py` (login), `tps.py` and `reads.py` (endpoints), `uploads.py`,
`polls.py`, `requests_in.py`, `responses_out.py` (documents), `envelope.py`, `errors.py`,
`codes.py`, `contract.py` (contracts/h2h/ tables)."""

from app.api.h2h.mount import PREFIX, mount, too_large

__all__ = ["PREFIX", "mount", "too_large"]
