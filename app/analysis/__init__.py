"""The analysis core: skill matrix, T-shapes, staffing gaps and candidates.

Pure functions over whole columns (numpy arrays and pandas frames) read through a
``Reader`` in a handful of SQL statements, never through ORM objects: the large
demo's 450k assessments load in well under a second this way. ``skills`` builds
the people × skills matrix and classifies shapes; ``staffing`` measures each
project's requirements against it.

numpy and pandas are imported at the top of these modules, so nothing on the
desktop app's start-up path may import this package; the pages that need it
import it when they first load their data.
"""
