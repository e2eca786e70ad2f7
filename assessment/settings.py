"""One settings object, read from the environment (prefix ``SBSMI_``; ``DATABASE_URL`` as is)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assessment.storage import MAX_OVERFLOW, POOL_SIZE

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SBSMI_", extra="ignore")

    default_language: Literal["nl", "en"] = "nl"
    data_dir: Path = ROOT / "data"
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    # connections one app process may hold: kept open, and opened on top under load (replicas
    # over one PostgreSQL share its max_connections; see the README, "Scale-out")
    db_pool_size: int = Field(default=POOL_SIZE, ge=1, le=200)
    db_max_overflow: int = Field(default=MAX_OVERFLOW, ge=0, le=500)

    @property
    def database(self) -> str:
        """The database to use: DATABASE_URL when set, else an SQLite file in the data dir."""
        return self.database_url or f"sqlite:///{self.data_dir / 'sbsmi.sqlite3'}"


@cache
def get_settings() -> Settings:
    return Settings()
