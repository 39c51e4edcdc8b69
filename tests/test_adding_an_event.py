"""Adding an event type is three edits: the contributors' page shows them, and this
test applies exactly those edits to a copy of the library and uses the new event."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parent.parent
PAGE = (ROOT / "docs" / "machine.md").read_text(encoding="utf-8")

USE_THE_NEW_EVENT = textwrap.dedent(
    """
    import datetime as dt

    from sensupport import (AssessmentOutcome, Need, NeedType, Pupil, Role,
                            YearGroup, dumps, loads)
    from sensupport.process import (EVENT_TYPES, AssessmentCompleted, ConcernRaised,
                                    Stage, SupportRecord, allowed_events, apply, check,
                                    open_record)
    from sensupport.process.events import NeedsRevised

    on = dt.date(2025, 9, 15)
    record = open_record(Pupil(pupil_id="P-1", year_group=YearGroup.Y3),
                         ConcernRaised(occurred_on=on, raised_by=Role.TEACHER))
    revised = NeedsRevised(occurred_on=dt.date(2025, 11, 3), needs=(
        Need(need_type=NeedType.ASD, identified_on=dt.date(2025, 11, 3)),))
    assert NeedsRevised in EVENT_TYPES
    assert NeedsRevised not in allowed_events(record)
    assert [p.code for p in check(record, revised)] == ["stage.not_allowed"]
    record = apply(record, AssessmentCompleted(
        occurred_on=dt.date(2025, 10, 1), outcome=AssessmentOutcome.SEN_SUPPORT,
        parents_notified_on=dt.date(2025, 10, 1),
        needs=(Need(need_type=NeedType.SLCN, identified_on=dt.date(2025, 10, 1)),)))
    assert NeedsRevised in allowed_events(record)
    record = apply(record, revised)
    assert record.stage is Stage.PLAN
    assert [n.need_type for n in record.needs] == [NeedType.ASD]
    text = dumps(record)
    assert '"event":"NeedsRevised"' in text.replace(" ", "")
    assert loads(text, SupportRecord) == record

    # The test kit draws the new event too, with no strategy written for it.
    from hypothesis import find, settings
    from sensupport.testing import events_for

    drawn = find(events_for(record), lambda e: isinstance(e, NeedsRevised),
                 settings=settings(database=None, max_examples=500))
    assert apply(record, drawn).stage is Stage.PLAN
    print("ok")
    """
)


def _edits() -> list[str]:
    section = PAGE.split("## Adding an event type", 1)[1].split("\n## ", 1)[0]
    pattern = r"```\{code-block\} python\n:caption: [^\n]*\n\n(.*?)```"
    return re.findall(pattern, section, flags=re.DOTALL)


def _insert(path: Path, before: str, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count(before) == 1, f"{path.name}: anchor not found once"
    path.write_text(source.replace(before, text + before), encoding="utf-8")


def test_the_three_edits_on_the_page_add_a_working_event(tmp_path: Path) -> None:
    event_class, union_member, change, rows = _edits()
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__"))
    process = copy / "sensupport" / "process"
    _insert(process / "events.py", "\n\nEvent = (\n", "\n\n" + event_class.rstrip())
    _insert(process / "events.py", "    | SupportEnded\n)", union_member)
    with (process / "changes.py").open("a", encoding="utf-8") as changes:
        changes.write("\n\n" + change)
    _insert(
        process / "transitions.py",
        "    *_open_stage_moves(Stage.EHC_NEEDS_ASSESSMENT),\n)",
        rows,
    )
    run = subprocess.run(
        [sys.executable, "-c", USE_THE_NEW_EVENT],
        cwd=tmp_path,
        env={"PYTHONPATH": str(copy), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
