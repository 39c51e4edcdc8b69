"""sensupport: SEN support in English schools as a typed domain model.

The public API: the domain classes (the provision map's staff, classes and groups
among them), the census codes, the UPN, serialization and the errors. The graduated
approach lives in `sensupport.process`, the metrics in `sensupport.metrics`, the
costed provision map in `sensupport.provision_map`, the school census checks in
`sensupport.census` and the helpers for property-based tests in
`sensupport.testing`.
"""

from __future__ import annotations

from .census import (
    CensusEntry,
    CensusFailure,
    CensusNeed,
    CensusReport,
    check_register,
)
from .classes import ClassMember, SchoolClass
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
from .provision_groups import (
    CostBasis,
    GroupMember,
    MaterialCost,
    ProvisionGroup,
    ProvisionMap,
)
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
from .staff import StaffMember, StaffRole
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
    "ClassMember",
    "CostBasis",
    "EHCDecision",
    "Effectiveness",
    "EndReason",
    "EvidenceSource",
    "GroupMember",
    "KeyStage",
    "MaterialCost",
    "Measure",
    "MeasureScale",
    "Need",
    "NeedType",
    "NotFoundError",
    "Problem",
    "Provision",
    "ProvisionGroup",
    "ProvisionKind",
    "ProvisionMap",
    "ProvisionRating",
    "Pupil",
    "Qualification",
    "QualificationKind",
    "QualificationStatus",
    "Review",
    "ReviewDecision",
    "Role",
    "School",
    "SchoolClass",
    "SenProvision",
    "SenSupportError",
    "SencoAppointment",
    "SencoQualificationStatus",
    "Severity",
    "Sex",
    "StaffMember",
    "StaffRole",
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
