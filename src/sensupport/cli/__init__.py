"""The ``sensupport`` command: report on a cohort, validate a file, make a sample.

Exit codes: 0 success; 1 the input holds invalid records (``validate``, or ``report``
on a file that does not load); 2 the command line is wrong, a file cannot be read, or
an optional extra is missing. Errors are one line on standard error, never a
traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ..errors import SenSupportError, ValidationError
from ._arguments import _parser
from ._cohort import _report, _sample
from ._common import EXIT_INVALID as EXIT_INVALID
from ._common import EXIT_OK as EXIT_OK
from ._common import EXIT_USAGE as EXIT_USAGE
from ._common import _check_output, _Usage
from ._common import _Progress as _Progress
from ._registers import _census_check, _import
from ._tiers import COLUMNAR_FROM as COLUMNAR_FROM
from ._tiers import COLUMNAR_PART as COLUMNAR_PART
from ._tiers import _store
from ._validity import _validate

# Imported "as" themselves, the exit codes, the columnar tier's thresholds and the
# progress count stay names of this module, for code that reads them from here.
__all__ = ["main", "main_exit"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "output", None) is not None:
            _check_output(args.output, getattr(args, "file", None))
        if args.command == "report":
            return _report(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "import":
            return _import(args)
        if args.command == "census-check":
            return _census_check(args)
        if args.command == "store":
            return _store(args)
        return _sample(args)
    except ValidationError as error:
        where = f"line {error.line}: " if error.line else ""
        first = error.problems[0]
        more = (
            f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        )
        print(f"sensupport: invalid record: {where}{first}{more}", file=sys.stderr)
        return EXIT_INVALID
    except (_Usage, SenSupportError, ValueError, ImportError) as error:
        print(f"sensupport: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped reading (`| head`): stop quietly. Standard output is
        # pointed at nothing, so Python's own flush at exit finds no pipe to break.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        print(
            f"sensupport: error: {error.strerror or error}: {error.filename or ''}".rstrip(
                ": "
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def main_exit() -> None:
    """The console script: run `main` and exit with its code."""
    sys.exit(main())
