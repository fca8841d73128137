"""Files in and out that are not reports: the skills matrix as HR keeps it (``matrix_file``)."""
