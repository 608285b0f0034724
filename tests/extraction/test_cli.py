"""The command line: one file, or many through a manifest, as JSON."""

from __future__ import annotations

import json

from extraction.cli import main

TEXT = "Council closes pool\n\nThe council voted Wednesday to close the pool. It reopens in January.\n"


def test_it_prints_events_and_timexes(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert main([str(f), "--published", "2022-10-20", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [e["date"] for e in out["events"]] == ["2022-10-19", "2023-01"]
    event = out["events"][0]
    for key in (
        "date",
        "precision",
        "qualifier",
        "expression",
        "expression_start",
        "expression_end",
        "sentence",
        "sentence_start",
        "sentence_end",
        "summary",
        "actors",
        "derivation",
    ):
        assert key in event
    assert TEXT[event["sentence_start"] : event["sentence_end"]] == event["sentence"]
    assert [
        (TEXT[t["start"] : t["end"]], t["type"], t["value"]) for t in out["timexes"]
    ] == [("Wednesday", "DATE", "2022-10-19"), ("January", "DATE", "2023-01")]


def test_it_accepts_a_time_in_the_publication_date(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Stocks fell Friday.", encoding="utf-8")
    assert main([str(f), "--published", "1998-01-20T18:30", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["timexes"][0]["value"] == "1998-01-16"


def test_a_manifest_gives_one_line_per_file_in_order(tmp_path, capsys):
    rows = []
    for i, (text, pub) in enumerate(
        [
            ("Stocks fell Friday.", "1998-01-20"),
            ("", "2022-01-01"),
            ("Prices rose last month.", "2022-10-20"),
        ]
    ):
        f = tmp_path / f"{i}.txt"
        f.write_text(text, encoding="utf-8")
        rows.append(json.dumps({"path": str(f), "published": pub}))
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(rows) + "\n")
    assert main(["--manifest", str(manifest), "--format", "json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [[t["value"] for t in x["timexes"]] for x in lines] == [
        ["1998-01-16"],
        [],
        ["2022-09"],
    ]


def test_it_fails_cleanly_without_a_date(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    assert main([str(f)]) == 2
