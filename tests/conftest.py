"""Shared fixtures. The real network is blocked: tests talk to local servers only."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest
from hypothesis import settings

from tests.fakes.pxweb import FakePxWeb, FakeTable, FakeVariable

# The property tests check results, not speed: on a busy two-core CI machine one example can take
# longer than Hypothesis's default 200 ms deadline, which would fail a correct test.
settings.register_profile("s3", deadline=None)
settings.load_profile("s3")

FIXTURES = Path(__file__).parent / "fixtures"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):  # noqa: ANN001
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise ConnectionRefusedError(f"the tests must not reach the network (tried {host}); mark the test 'network'")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def root_logging_restored():
    """A command's main() run in-process sets the root logger up for a command line (its stderr,
    a --log-file): put it back after each test, so that no later log line goes to a test's closed
    capture stream ("--- Logging error ---" from another test's server thread)."""
    import logging

    handlers, level = logging.root.handlers[:], logging.root.level
    yield
    for handler in logging.root.handlers:
        if handler not in handlers:
            handler.close()
    logging.root.handlers[:] = handlers
    logging.root.setLevel(level)


@pytest.fixture(autouse=True)
def no_internet(request, monkeypatch):
    if request.node.get_closest_marker("network") is None:
        monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


# Population 31 December, SCB (via Regionfakta, SCB's landskap table and Region Halland's
# published file; see ../shared/realdata/figures.csv). Men = "1", women = "2".
POPULATION = {
    ("00", "2018"): 10230185, ("00", "2019"): 10327589, ("00", "2020"): 10379295,
    ("00", "2021"): 10452326, ("00", "2022"): 10521556, ("00", "2023"): 10551707, ("00", "2024"): 10587710,
    ("10", "2018"): 159684, ("10", "2019"): 159606, ("10", "2020"): 159056,
    ("10", "2021"): 158937, ("10", "2022"): 158740, ("10", "2023"): 157973, ("10", "2024"): 157223,
    ("25", "2018"): 250497, ("25", "2019"): 250093, ("25", "2020"): 249614,
    ("25", "2021"): 249693, ("25", "2022"): 249177, ("25", "2023"): 248480, ("25", "2024"): 248620,
}
POPULATION_BY_SEX = {
    ("00", "2018", "1"): 5142438, ("00", "2018", "2"): 5087747,
    ("00", "2019", "1"): 5195814, ("00", "2019", "2"): 5131775,
    ("00", "2020", "1"): 5222847, ("00", "2020", "2"): 5156448,
    ("10", "2018", "1"): 81431, ("10", "2018", "2"): 78253,
    ("10", "2019", "1"): 81424, ("10", "2019", "2"): 78182,
    ("10", "2020", "1"): 81141, ("10", "2020", "2"): 77915,
}


def population_value(cell: dict[str, str]) -> float | None:
    if cell.get("ContentsCode") != "BE0101N1":
        return None
    if "Kon" in cell:
        return POPULATION_BY_SEX.get((cell["Region"], cell["Tid"], cell["Kon"]))
    return POPULATION.get((cell["Region"], cell["Tid"]))


def population_status(cell: dict[str, str]) -> str | None:
    # SCB marks a missing cell with a symbol and a null value; never a zero.
    return ".." if population_value(cell) is None and cell.get("ContentsCode") == "BE0101N1" else None


def make_population_table(table_id: str = "TAB638") -> FakeTable:
    return FakeTable(
        id=table_id,
        label="Folkmängden efter region, civilstånd, ålder och kön. År 1968 - 2024",
        variables=[
            FakeVariable(
                "Region", "region", ["00", "10", "25"],
                {"00": "Riket", "10": "Blekinge län", "25": "Norrbottens län"},
                elimination=True, codelists={"vs_RegionLän07": ["10", "25"]},
            ),
            FakeVariable("Kon", "kön", ["1", "2"], {"1": "män", "2": "kvinnor"}, elimination=True),
            FakeVariable(
                "ContentsCode", "tabellinnehåll", ["BE0101N1", "BE0101N2"],
                {"BE0101N1": "Folkmängd", "BE0101N2": "Folkökning"}, contents=True,
            ),
            FakeVariable("Tid", "år", ["2018", "2019", "2020", "2021", "2022", "2023", "2024"], time=True),
        ],
        value=population_value,
        status=population_status,
        units={"BE0101N1": {"base": "antal", "decimals": 0}, "BE0101N2": {"base": "antal", "decimals": 0}},
        notes=["Uppgifterna avser förhållandena den 31 december för valt/valda år."],
    )


@pytest.fixture
def store(tmp_path):
    """A new store in a temporary folder."""
    from ingest.store import Store

    with Store(tmp_path / "s3.db") as opened:
        yield opened


@pytest.fixture
def population_table() -> FakeTable:
    return make_population_table()


@pytest.fixture
def scb_v2(httpserver, population_table) -> FakePxWeb:
    return FakePxWeb(httpserver, [population_table], version=2)


@pytest.fixture
def scb_v1(httpserver, population_table) -> FakePxWeb:
    return FakePxWeb(httpserver, [population_table], version=1)


class FakeClock:
    """A clock whose sleep advances it: rate limits and backoff tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
