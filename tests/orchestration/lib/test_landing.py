import json

import polars as pl
import pytest

from orchestration.lib import landing


def test_a_partition_lands_with_data_quarantine_and_manifest(warehouse):
    account = landing.write_partition(
        source="demo",
        entity="things",
        partition_key="2024-01-01",
        origin="demo.sqlite table things",
        rows_read=3,
        loaded=pl.DataFrame({"id": [1, 2]}),
        quarantined=landing.quarantine_frame(
            [
                {
                    "row_number": 3,
                    "reason": "unknown district: 'X'",
                    "suggestion": None,
                    "raw": {"id": 3},
                }
            ],
            source="demo",
            entity="things",
            partition_key="2024-01-01",
            origin="demo",
        ),
    )
    folder = landing.partition_dir("demo", "things", "2024-01-01")
    assert pl.read_parquet(folder / "data.parquet").height == 2
    assert pl.read_parquet(folder / "quarantine.parquet")["reason"].to_list() == [
        "unknown district: 'X'"
    ]
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert (manifest["rows_read"], manifest["rows_loaded"], manifest["rows_quarantined"]) == (
        3,
        2,
        1,
    )
    assert account.quarantine_reasons == {"unknown district: 'X'": 1}


def test_rows_that_are_neither_loaded_nor_quarantined_stop_the_load(warehouse):
    with pytest.raises(landing.RowAccountingError, match="read 5 rows but loaded 2"):
        landing.write_partition(
            source="demo",
            entity="things",
            partition_key="2024-01-01",
            origin="x",
            rows_read=5,
            loaded=pl.DataFrame({"id": [1, 2]}),
            quarantined=landing.empty_quarantine(),
        )
    assert not landing.partition_dir("demo", "things", "2024-01-01").exists()


def test_relanding_a_partition_replaces_it_whole(warehouse):
    for ids in ([1, 2, 3], [7]):
        landing.write_partition(
            source="demo",
            entity="things",
            partition_key="2024-01-01",
            origin="x",
            rows_read=len(ids),
            loaded=pl.DataFrame({"id": ids}),
            quarantined=landing.empty_quarantine(),
        )
    folder = landing.partition_dir("demo", "things", "2024-01-01")
    assert pl.read_parquet(folder / "data.parquet")["id"].to_list() == [7]
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]
