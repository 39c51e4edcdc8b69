"""sensupport: SEN support in English schools as a typed domain model.

The public API: the domain classes, the census codes, the UPN, serialization and the
errors. The graduated approach lives in `sensupport.process`, the metrics in
`sensupport.metrics`, the school census checks in `sensupport.census` and the helpers
for property-based tests in `sensupport.testing`.
"""

from __future__ import annotations

from .census import (
    CensusEntry,
    CensusFailure,
    CensusNeed,
    CensusReport,
    check_register,
)
from .codes import (
    AreaOfNeed,
    AssessmentOutcome,
    Attainment,
    Effectiveness,
    EHCDecision,
    EndReason,
    EvidenceSource,
    KeyStage,
    MeasureScale,
    NeedType,
    ProvisionKind,
    ReviewDecision,
    Role,
    SenProvision,
    Sex,
    YearGroup,
)
from .errors import (
    NotFoundError,
    Problem,
    SenSupportError,
    Severity,
    TransitionError,
    ValidationError,
)
from .needs import Need, check_needs, primary_need
from .plans import Measure, Provision, SupportPlan, Target
from .pupils import Pupil
from .qualifications import (
    Qualification,
    QualificationKind,
    QualificationStatus,
    SencoAppointment,
    SencoQualificationStatus,
    senco_qualification_status,
)
from .reviews import ProvisionRating, Review, TargetOutcome
from .schools import School
from .serialization import (
    dump_lines,
    dumps,
    from_dict,
    load_lines,
    loads,
    seal,
    seal_lines,
    to_dict,
)
from .upn import UPN

__all__ = [
    "UPN",
    "AreaOfNeed",
    "AssessmentOutcome",
    "Attainment",
    "CensusEntry",
    "CensusFailure",
    "CensusNeed",
    "CensusReport",
    "EHCDecision",
    "Effectiveness",
    "EndReason",
    "EvidenceSource",
    "KeyStage",
    "Measure",
    "MeasureScale",
    "Need",
    "NeedType",
    "NotFoundError",
    "Problem",
    "Provision",
    "ProvisionKind",
    "ProvisionRating",
    "Pupil",
    "Qualification",
    "QualificationKind",
    "QualificationStatus",
    "Review",
    "ReviewDecision",
    "Role",
    "School",
    "SenProvision",
    "SenSupportError",
    "SencoAppointment",
    "SencoQualificationStatus",
    "Severity",
    "Sex",
    "SupportPlan",
    "Target",
    "TargetOutcome",
    "TransitionError",
    "ValidationError",
    "YearGroup",
    "check_needs",
    "check_register",
    "dump_lines",
    "dumps",
    "from_dict",
    "load_lines",
    "loads",
    "primary_need",
    "seal",
    "seal_lines",
    "senco_qualification_status",
    "to_dict",
]


def __getattr__(name: str) -> str:
    # The version is read lazily so that importing the package stays cheap.
    if name == "__version__":
        from importlib.metadata import version

        return version("sensupport")
    raise AttributeError(f"module 'sensupport' has no attribute {name!r}")
