"""The demo organisation behind ``steward demo`` and its counterpart in the desktop app.

``app.demo.generator.fill_demo`` fills an empty database with believable people,
projects, policies, sprints and budgets. The data it tells that story with (names,
project profiles, policy texts, backlog, budget lines) is the recipe in
``resources/demo/*.json``, not code. Each part is built by its own module
(``people``, ``projects``, ``policies``, ``backlog``, ``budgets``), run in order by
``builder`` over the shared ``state.DemoState``.
"""
