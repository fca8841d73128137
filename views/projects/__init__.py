"""The project list and the project pages."""
