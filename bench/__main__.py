"""``make bench``: run every benchmark; exit status 1 when one misses its target."""

from __future__ import annotations

import sys

from bench import analysis, budget_pdf, database_export, matrix_import, matrix_paint, sprints, startup


def main() -> int:
    print(f"Steward benchmarks (median of interleaved runs; Python {sys.version.split()[0]})")
    results = [
        startup.run(),
        analysis.run(),
        matrix_paint.run(),
        budget_pdf.run(),
        sprints.run(),
        database_export.run(),
        matrix_import.run(),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
