"""Fixtures of the command-line tests that talk to the test's PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from tests.postgres_server import PostgresServer


@pytest.fixture
def server_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database on the server (one per test module), as the URL a person would type."""
    name = f"{postgres_server.prefix}_{request.module.__name__.rsplit('.', 1)[-1]}"
    url = postgres_server.create_database(name)
    yield make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    postgres_server.drop_database(name)
