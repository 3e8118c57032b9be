"""Where a request finds the configuration and the database: the Flask app's config, set once
when the app is created. The parsed configuration is memoised by file and modification time,
so every worker reloads it when indicators.yml changes and all agree."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import flask

from ingest.config import Config, load_config


@lru_cache(maxsize=8)
def _config(path: str, mtime: float) -> Config:
    return load_config(path)


def config() -> Config:
    path = Path(flask.current_app.config["S3_CONFIG"])
    return _config(str(path), path.stat().st_mtime)


def db() -> Path:
    return Path(flask.current_app.config["S3_DB"])
