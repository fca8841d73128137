"""The database: where it is, the engine, the schema's migrations, fast reads, backups."""
