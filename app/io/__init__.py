"""Files in and out that are not reports: the skills matrix as HR keeps it (``matrix_file``) and budget
actuals (``actuals_file``), both read through the shared ``grid``, ``cells`` and ``sheet``."""
