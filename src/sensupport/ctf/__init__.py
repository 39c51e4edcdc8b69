"""The Common Transfer File (CTF 25): SEN history in and out.

A CTF is how a pupil's records travel from one school to the next. `read_ctf` reads
one a pupil at a time, safely (no DTD, no entity, nothing fetched), and opens a record
from the SEN history of each pupil whose latest provision is K or E; `write_ctf`
writes records back out as a CTF that reads back equal. Every element the reader
does not use is counted by its path, and every pupil it cannot read comes back
rejected with the path of each problem, never with a name, a birth date or a UPN.

>>> import datetime as dt
>>> from sensupport import ctf
>>> text = '''<?xml version="1.0" encoding="UTF-8"?>
... <CTfile>
...   <Header>
...     <DocumentName>Common Transfer File</DocumentName>
...     <CTFversion>25.0</CTFversion>
...     <DateTime>2025-11-03T09:30:00</DateTime>
...     <DocumentQualifier>partial</DocumentQualifier>
...     <SupplierID>Example MIS</SupplierID>
...     <SourceSchool><LEA>801</LEA><Estab>2000</Estab>
...       <SchoolName>Hill Primary</SchoolName><AcademicYear>2025</AcademicYear>
...     </SourceSchool>
...     <DestSchool><LEA>801</LEA><Estab>4001</Estab></DestSchool>
...   </Header>
...   <CTFpupilData>
...     <Pupil>
...       <UPN>B801200005001</UPN><Surname>LOVELACE</Surname><Forename>ADA</Forename>
...       <DOB>2014-03-09</DOB><Sex>F</Sex>
...       <BasicDetails><NCyearActual>6</NCyearActual><Ethnicity>WBRI</Ethnicity>
...       </BasicDetails>
...       <SENhistory>
...         <SEN><StartDate>2019-09-02</StartDate><SENprovision>A</SENprovision></SEN>
...         <SEN><StartDate>2022-01-10</StartDate><SENprovision>K</SENprovision></SEN>
...         <SENneeds><SENneed><SENtype>BESD</SENtype><SENtypeRank>1</SENtypeRank>
...         </SENneed></SENneeds>
...       </SENhistory>
...     </Pupil>
...   </CTFpupilData>
... </CTfile>'''
>>> result = ctf.import_ctf([text], file="8012000_8014001_CTF.xml")
>>> print(result)
1 pupils read: 1 with SEN history opened as records, 0 with no current SEN, 0 rejected.
Not used (1 paths):
  CTFpupilData/Pupil/BasicDetails/Ethnicity: 1
>>> record = result.records[0]
>>> record.pupil
Pupil(pupil_id='ctf-8012000-1', year_group=<YearGroup.Y6: '6'>, sex=<Sex.FEMALE: 'F'>,
      school=School(la='801', estab='4001'))
>>> [(on.isoformat(), code.value) for on, code in record.state.provision_changes]
[('2019-09-02', 'K'), ('2022-01-10', 'K')]
>>> record.needs[0].need_type, record.events[0].received_from
(<NeedType.SEMH: 'SEMH'>, 'Hill Primary (LA 801, estab 2000)')
>>> again = ctf.import_ctf(ctf.write_ctf(result.records, header=result.header),
...                        file="8012000_8014001_CTF.xml")
>>> again.records == result.records
True
"""

from __future__ import annotations

from ._model import (
    CTF_VERSION,
    CTFHeader,
    CTFImport,
    CTFPupil,
    RawNeed,
    RawProvision,
    RejectedPupil,
    School,
    pseudonym,
)
from ._read import CTFReader, Source, import_ctf, read_ctf
from ._write import write_ctf

__all__ = [
    "CTF_VERSION",
    "CTFHeader",
    "CTFImport",
    "CTFPupil",
    "CTFReader",
    "RawNeed",
    "RawProvision",
    "RejectedPupil",
    "School",
    "Source",
    "import_ctf",
    "pseudonym",
    "read_ctf",
    "write_ctf",
]
