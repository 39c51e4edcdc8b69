"""The pupil: who a SEN support record is about.

Names, date of birth and UPN are personal data. They never appear in ``repr`` or in an
error message, and `Pupil.pseudonymised` gives analysts a copy without them.

>>> import datetime as dt
>>> pupil = Pupil(pupil_id="MIS-1042", year_group=YearGroup.Y4, sex=Sex.FEMALE,
...               upn=UPN.parse("B801200005001"), date_of_birth=dt.date(2017, 3, 9),
...               given_name="Ada", family_name="Lovelace")
>>> pupil
Pupil(pupil_id='MIS-1042', year_group=<YearGroup.Y4: '4'>, sex=<Sex.FEMALE: 'F'>, school=None)
>>> pupil.pseudonymised(key=b"a secret the analyst never sees").pupil_id
'p-3fbcbdd630ca6b6a9b91'
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from ._keys import pseudonym
from ._validation import PRIVATE, Checked, Checks, not_blank
from .codes import Sex, YearGroup
from .schools import School
from .upn import UPN

__all__ = ["Pupil"]


@attrs.frozen(kw_only=True)
class Pupil(Checked):
    """A pupil on roll.

    Args:
        pupil_id: The id the school's own system gives the pupil; unique in a school.
        year_group: The national curriculum year, nursery and reception included.
        sex: The census sex code, if known.
        school: The school whose pupil this is, if the data say.
        upn: The Unique Pupil Number, if known.
        date_of_birth: If known.
        given_name: If known; never shown.
        family_name: If known; never shown.
    """

    # A wrong value anywhere in a pupil may be personal data in the wrong place (a
    # register's columns shifted by one): messages show none of them.
    _personal: ClassVar[bool] = True

    pupil_id: str
    year_group: YearGroup
    sex: Sex | None = None
    school: School | None = None
    upn: UPN | None = attrs.field(default=None, repr=False, metadata=PRIVATE)
    date_of_birth: dt.date | None = attrs.field(
        default=None, repr=False, metadata=PRIVATE
    )
    given_name: str | None = attrs.field(default=None, repr=False, metadata=PRIVATE)
    family_name: str | None = attrs.field(default=None, repr=False, metadata=PRIVATE)

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.pupil_id, "pupil_id", "pupil")

    def pseudonymised(self, *, key: bytes) -> Pupil:
        """Return a copy fit for analysis: a keyed pseudonym, no personal data.

        The new ``pupil_id`` is ``p-`` and the first 20 hex digits of an
        HMAC-SHA256 under ``key`` of who the pupil is: the UPN if known, so a pupil
        who moves school keeps one pseudonym (the one `sensupport.ctf.pseudonym`
        gives); else the school and the pupil's id, since an MIS id is unique only
        in its school; else the id alone. The same pupil gets the same pseudonym
        under the same key, and without the key it cannot be traced back. UPN, date
        of birth and names are removed; year group, sex and school are kept.

        Raises:
            TypeError: ``key`` is not bytes.
            ValueError: ``key`` is weak: shorter than 16 bytes, one byte repeated,
                or of fewer than 8 different byte values.
        """
        return Pupil(
            pupil_id=pseudonym(
                key, pupil_id=self.pupil_id, school=self.school, upn=self.upn
            ),
            year_group=self.year_group,
            sex=self.sex,
            school=self.school,
        )
