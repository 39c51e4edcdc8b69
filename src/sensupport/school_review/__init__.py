"""The whole-school SEND review: a school's self-review against a framework, its
action plan followed over time, and a local authority's view across its schools.

- a framework (`ReviewFramework`): areas and statements, each naming its source and
  whether its wording is confirmed, and a rating scale (1 to 10 unless it sets its
  own levels). `send_review_guide` gives the structure of the SEND Review Guide as
  far as it could be confirmed; a local authority reads its own with
  `load_review_framework`;
- a school's `SelfReview`: a rating with its evidence for each statement (or each
  area rated as a whole), and its action plan (`ReviewAction`: owner, due date,
  status);
- `review_progress`: one school's reviews over time, areas improving or not, actions
  overdue and carried over;
- `local_authority_view`: each school's ratings by area, the schools rating
  themselves lowest in each, and where a school's self-rating and sensupport's own
  figures disagree (`Comparison`, `measured_shares`).

>>> import datetime as dt
>>> from sensupport import School
>>> guide = send_review_guide()
>>> review = SelfReview(school=School(urn="900001"), framework_id=guide.framework_id,
...                     held_on=dt.date(2026, 5, 1),
...                     ratings=(StatementRating(item_id="provision", level=7,
...                                              evidence="Provision map costed"),))
>>> area_ratings(review, guide)[1]
AreaRating(area_id='provision', mean=Fraction(7, 1), rated=1, items=1)
"""

from __future__ import annotations

from ._comparison import (
    Comparison,
    Disagreement,
    DisagreementKind,
    FigureDirection,
    measured_shares,
)
from ._framework import (
    RatingScale,
    ReviewArea,
    ReviewFramework,
    ReviewSource,
    ReviewStage,
    ReviewStatement,
    ScaleLevel,
)
from ._la_view import (
    AreaRanking,
    LocalAuthorityView,
    SchoolRatings,
    local_authority_view,
)
from ._loading import SEND_REVIEW_GUIDE_PATH, load_review_framework, send_review_guide
from ._progress import (
    AreaProgress,
    AreaTrend,
    OverdueAction,
    ReviewProgress,
    overdue_actions,
    review_progress,
)
from ._review import ActionStatus, ReviewAction, SelfReview, StatementRating
from ._scoring import AreaRating, area_ratings, check_self_review

__all__ = [
    "SEND_REVIEW_GUIDE_PATH",
    "ActionStatus",
    "AreaProgress",
    "AreaRanking",
    "AreaRating",
    "AreaTrend",
    "Comparison",
    "Disagreement",
    "DisagreementKind",
    "FigureDirection",
    "LocalAuthorityView",
    "OverdueAction",
    "RatingScale",
    "ReviewAction",
    "ReviewArea",
    "ReviewFramework",
    "ReviewProgress",
    "ReviewSource",
    "ReviewStage",
    "ReviewStatement",
    "ScaleLevel",
    "SchoolRatings",
    "SelfReview",
    "StatementRating",
    "area_ratings",
    "check_self_review",
    "load_review_framework",
    "local_authority_view",
    "measured_shares",
    "overdue_actions",
    "review_progress",
    "send_review_guide",
]
