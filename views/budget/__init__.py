"""The budget page of a project: plans, their lines, roll-ups, charts, export and actuals."""
