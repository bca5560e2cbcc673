import dagster as dg
import pytest

from orchestration.cli import longest_first
from orchestration.concurrent_loads import LoadPlan, load_concurrently


@pytest.fixture
def dagster_home(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def test_a_source_that_fails_does_not_stop_the_other_from_loading(
    cqmis_db, dagster_home, plain_main
):
    outcomes = load_concurrently(
        [LoadPlan("no_such_source"), LoadPlan("cqmis", "2024-05-01", "2024-06-01")], jobs=2
    )
    assert not outcomes["no_such_source"].ok
    assert "unknown source 'no_such_source'" in outcomes["no_such_source"].error
    cqmis = outcomes["cqmis"]
    assert cqmis.ok and cqmis.error is None
    assert cqmis.cpu_seconds > 0 and cqmis.ended > cqmis.started
    with dg.DagsterInstance.get() as instance:
        [run] = instance.get_runs(dg.RunsFilter(job_name="cqmis_load"))
    assert run.status == dg.DagsterRunStatus.SUCCESS
    assert run.tags["dagster/asset_partition_range_start"] == "2024-05-01"
    # Once it has run, its last run orders it before sources never run, whatever their size.
    with dg.DagsterInstance.get() as instance:
        assert longest_first(["pis", "cqmis"], instance, {"pis": 41, "cqmis": 1}) == [
            "cqmis",
            "pis",
        ]


def test_sources_never_run_go_by_how_many_partitions_they_have_to_load():
    with dg.DagsterInstance.ephemeral() as instance:
        order = longest_first(
            ["bemis", "hmis", "survey", "cqmis"],
            instance,
            {"bemis": 10, "hmis": 118, "survey": 2, "cqmis": 46},
        )
    assert order == ["hmis", "cqmis", "bemis", "survey"]


def test_fewer_than_one_worker_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        load_concurrently([LoadPlan("cqmis")], jobs=0)
