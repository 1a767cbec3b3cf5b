"""`annotator batch`: many papers into one folder, failures recorded, resumable, with a
notation census; the same output from the process pool and from a Dask LocalCluster."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.batch import census
from annotator.batch.plan import stem
from conftest import SAMPLES, corpus_path, run_cli, write_tree

GOOD = ["attention-note", "clean-draft"]


def _index(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]


def _papers(tmp_path: Path) -> list[str]:
    folder = tmp_path / "papers"
    for name in GOOD:
        shutil.copytree(SAMPLES / name, folder / name)
    return [str(folder / name) for name in GOOD]


def test_a_failing_paper_is_recorded_and_the_others_are_done(tmp_path: Path) -> None:
    papers = _papers(tmp_path)
    broken = write_tree(tmp_path / "broken", {"main.tex": ""}) / "main.tex"  # empty input
    missing = tmp_path / "missing.tex"
    out = tmp_path / "out"
    result = run_cli(["batch", papers[0], str(broken), str(missing), papers[1],
                      "--out", str(out), "--jobs", "2", "--format", "json,md"])
    assert result.code == 1  # some papers failed
    lines = _index(out)
    assert [line["name"] for line in lines] == ["attention-note", "main", "missing",
                                                "clean-draft"]  # the order given
    status = {line["name"]: line["status"] for line in lines}
    assert status == {"attention-note": "ok", "main": "error", "missing": "error",
                      "clean-draft": "ok"}
    failed = {line["name"]: line["message"] for line in lines if line["status"] == "error"}
    assert "empty input" in failed["main"] and str(broken) in failed["main"]
    assert "no such file" in failed["missing"]
    assert "empty input" in result.err and "2 done, 2 failed" in result.err
    for name in GOOD:
        data = json.loads((out / f"{name}.json").read_text())
        assert data["paper"]["source"].endswith(name)
        counts = next(line["counts"] for line in lines if line["name"] == name)
        assert counts["symbols"] == len(data["symbols"]) > 0
        assert (out / f"{name}.md").read_text().startswith("#")
    assert not (out / "main.json").exists() and not (out / "missing.json").exists()
    report = json.loads((out / "census.json").read_text())
    assert report["papers"] == 2 and report["paper_names"] == sorted(GOOD)
    single = run_cli(["glossary", papers[1], "-f", "json", "-q"])
    assert json.loads((out / "clean-draft.json").read_text()) == single.json()


def test_a_rerun_skips_papers_done_and_redoes_changed_or_failed_ones(tmp_path: Path) -> None:
    papers = _papers(tmp_path)
    out = tmp_path / "out"
    bad = tmp_path / "later.tex"
    assert run_cli(["batch", *papers, str(bad), "--out", str(out), "-j", "1"]).code == 1
    first = {line["name"]: line for line in _index(out)}
    written = (out / "clean-draft.json").stat().st_mtime_ns

    bad.write_text("\\documentclass{article}\\begin{document}Let $x \\in \\mathbb{R}$ be "
                   "the input.\\end{document}\n", encoding="utf-8")
    again = run_cli(["batch", *papers, str(bad), "--out", str(out), "-j", "1"])
    assert again.code == 0 and "1 done, 0 failed, 2 already done" in again.err
    assert (out / "clean-draft.json").stat().st_mtime_ns == written  # not rewritten
    second = {line["name"]: line for line in _index(out)}
    assert second["clean-draft"] == first["clean-draft"]
    assert second["later"]["status"] == "ok"
    assert json.loads((out / "census.json").read_text())["papers"] == 3  # old ones count

    main = Path(papers[1]) / "main.tex"  # an edited source is done again
    main.write_text(main.read_text() + "\n% edited\n", encoding="utf-8")
    third = run_cli(["batch", *papers, str(bad), "--out", str(out), "-j", "1"])
    assert "1 done, 0 failed, 2 already done" in third.err
    assert _index(out)[1]["fingerprint"] != first["clean-draft"]["fingerprint"]


def test_an_edited_input_file_makes_its_paper_stale(tmp_path: Path) -> None:
    draft = tmp_path / "draft"
    shutil.copytree(SAMPLES / "clean-draft", draft)
    main = str(draft / "main.tex")  # the .tex alone: its signature is that file only
    out = tmp_path / "out"
    assert run_cli(["batch", main, "--out", str(out), "-j", "1"]).code == 0
    files = _index(out)[0]["files"]
    assert {"main.tex", "macros.tex", "sections/method.tex"} <= set(files)
    assert all(files.values())
    again = run_cli(["batch", main, "--out", str(out), "-j", "1"])
    assert "0 done, 0 failed, 1 already done" in again.err

    method = draft / "sections" / "method.tex"  # \input{sections/method}, not main.tex
    method.write_text(method.read_text(encoding="utf-8") +
                      "\nLet $\\zeta$ be the edited scale.\n", encoding="utf-8")
    redone = run_cli(["batch", main, "--out", str(out), "-j", "1"])
    assert "1 done, 0 failed, 0 already done" in redone.err
    glossary = json.loads((out / "main.json").read_text())
    assert any(symbol["unicode"] == "ζ" for symbol in glossary["symbols"])
    assert _index(out)[-1]["files"]["sections/method.tex"] != files["sections/method.tex"]

    macros = draft / "macros.tex"  # a file gone is a change too
    macros.rename(draft / "macros-old.tex")
    assert "1 done" in run_cli(["batch", main, "--out", str(out), "-j", "1"]).err


def test_a_file_changed_while_it_was_read_is_never_trusted(tmp_path: Path) -> None:
    import os
    import time

    draft = tmp_path / "draft"
    shutil.copytree(SAMPLES / "clean-draft", draft)
    method = draft / "sections" / "method.tex"
    future = time.time_ns() + 3600 * 10**9  # as if written after the worker started
    os.utime(method, ns=(future, future))
    out = tmp_path / "out"
    assert run_cli(["batch", str(draft / "main.tex"), "--out", str(out)]).code == 0
    assert _index(out)[0]["files"]["sections/method.tex"] == ""
    again = run_cli(["batch", str(draft / "main.tex"), "--out", str(out)])
    assert "1 done, 0 failed, 0 already done" in again.err


def test_papers_with_the_same_name_get_distinct_files(tmp_path: Path) -> None:
    text = "\\begin{document}Let $x$ denote the {what}.\\end{document}\n"
    first = write_tree(tmp_path / "a", {"main.tex": text.replace("{what}", "input")})
    second = write_tree(tmp_path / "b", {"main.tex": text.replace("{what}", "state")})
    listing = write_tree(tmp_path, {"list.txt": "# two drafts\na/main.tex\n\nb/main.tex\n"})
    out = tmp_path / "out"
    assert run_cli(["batch", "--from-list", str(listing / "list.txt"), "--out",
                    str(out)]).code == 0
    names = [line["name"] for line in _index(out)]
    assert names[0] == "main" and names[1].startswith("main-") and len(set(names)) == 2
    sources = [json.loads((out / f"{n}.json").read_text())["paper"]["source"] for n in names]
    assert sources == [str(first / "main.tex"), str(second / "main.tex")]
    census_paper = write_tree(tmp_path / "c", {"census.tex": text.replace("{what}", "x")})
    assert run_cli(["batch", str(census_paper / "census.tex"), "--out",
                    str(tmp_path / "out2")]).code == 0
    assert _index(tmp_path / "out2")[0]["name"].startswith("census-")  # not the census file
    # in the other order, each keeps the name it was given
    assert run_cli(["batch", str(second / "main.tex"), str(first / "main.tex"), "--out",
                    str(out)]).code == 0
    assert {line["name"] for line in _index(out)} == set(names)


def test_bad_usage_is_exit_2(tmp_path: Path) -> None:
    result = run_cli(["batch", "--out", str(tmp_path / "out")])
    assert result.code == 2 and "no papers" in result.err
    result = run_cli(["batch", "x.tex", "--out", str(tmp_path), "--format", "json,docx"])
    assert result.code == 2 and "unknown format 'docx'" in result.err
    (tmp_path / "file").write_text("x")
    result = run_cli(["batch", "x.tex", "--out", str(tmp_path / "file")])
    assert result.code == 2 and "file" in result.err


def test_output_names() -> None:
    assert stem("/data/2401.01234.tar.gz") == "2401.01234"
    assert stem("drafts/ms/") == "ms"
    assert stem("paper.PDF") == "paper"
    assert stem("../we ird;name.tex") == "we_ird_name"


def test_census_merge_is_the_same_in_any_order_and_grouping() -> None:
    parts = [census.contribution(_paper([("x", "the input"), ("eta", None)]), "p1"),
             census.contribution(_paper([("x", "The input."), ("W", "a weight matrix")]),
                                 "p2"),
             census.contribution(_paper([("x", "the state"), ("W", "weights matrix")]), "p3")]
    flat = census.merge(parts)
    tree = census.merge([census.merge(parts[2:]), census.merge(parts[:2])])
    assert census.finish(flat) == census.finish(tree)
    report = census.finish(flat)
    rows = {row["key"]: row for row in report["symbols"]}
    assert report["symbols"][0]["key"] == "x"  # most papers first
    assert rows["x"]["papers"] == 3 and rows["x"]["examples"] == ["p1", "p2", "p3"]
    groups = rows["x"]["definitions"]  # "the input" twice (one cluster), "the state" once
    assert [(g["papers"], len(g["variants"])) for g in groups] == [(2, 1), (1, 1)]
    assert rows["W"]["definitions"][0]["papers"] == 2  # weight / weights matrix: one idea
    assert report["unknown"] == ["x", "W", "eta"]  # no knowledge here: all, ranked


def _paper(symbols: list[tuple[str, str | None]]) -> dict:
    return {"symbols": [{"key": key, "latex": key, "unicode": key, "kind": "variable",
                         "role": "", "occurrences": 1, "knowledge": None,
                         "definitions": [{"text": text, "shown": True}] if text else []}
                        for key, text in symbols]}


CORPUS_PAPERS = ["transformer-attention-2017", "chebnet-graph-cnn", "directed-info-gail",
                 "icl-as-gd-revisited"]


def _corpus() -> list[str]:
    return [str(corpus_path(f"{name}.tar.gz")) for name in CORPUS_PAPERS]


def test_census_of_corpus_papers(tmp_path: Path) -> None:
    papers = _corpus()
    out = tmp_path / "out"
    assert run_cli(["batch", *papers, "--out", str(out), "-j", "2"]).code == 0
    report = json.loads((out / "census.json").read_text())
    assert report["papers"] == len(papers)
    rows = report["symbols"]
    ranks = [(-row["papers"], row["key"]) for row in rows]
    assert ranks == sorted(ranks)  # ranked by paper count, then key
    # what each paper's own glossary says, counted again from the files
    used: dict[str, int] = {}
    for name in CORPUS_PAPERS:
        for symbol in json.loads((out / f"{name}.json").read_text())["symbols"]:
            used[symbol["key"]] = used.get(symbol["key"], 0) + 1
    assert {row["key"]: row["papers"] for row in rows} == used
    assert report["unknown"] == [row["key"] for row in rows if row["knowledge"] is None]
    assert report["convention_only"] == [row["key"] for row in rows
                                         if set(row["matches"]) == {"convention"}]
    sums = next(row for row in rows if row["key"] == "sum")
    assert sums["knowledge"] == "sum" and sums["papers"] >= 3
    markdown = (out / "census.md").read_text()
    assert f"# Notation census of {len(papers)} papers" in markdown
    assert "## Not in the knowledge base yet" in markdown
    assert "## Known only by a typographic convention" in markdown
    csv_lines = (out / "census.csv").read_text().splitlines()
    assert csv_lines[0].startswith("key,latex,") and len(csv_lines) == len(rows) + 1


def _comparable(out: Path) -> dict[str, object]:
    """Every file of DIR, with index.jsonl's timings left out."""
    files: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.name == "index.jsonl":
            files[path.name] = [{k: v for k, v in line.items() if k != "seconds"}
                                for line in _index(out)]
        else:
            files[path.name] = path.read_bytes()
    return files


def test_dask_local_cluster_gives_the_process_pool_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    papers = _corpus()
    broken = write_tree(tmp_path / "broken", {"main.tex": ""}) / "main.tex"
    pool, dask = tmp_path / "pool", tmp_path / "dask"
    assert run_cli(["batch", *papers, str(broken), "--out", str(pool), "-j", "2"]).code == 1
    result = run_cli(["batch", *papers, str(broken), "--out", str(dask), "-j", "2",
                      "--dask", "local"])
    assert result.code == 1, result.err
    assert _comparable(dask) == _comparable(pool)
    assert json.loads((dask / "census.json").read_text())["papers"] == len(papers)


def test_a_run_with_other_papers_keeps_the_earlier_ones_in_the_index(tmp_path: Path) -> None:
    papers = _papers(tmp_path)
    out = tmp_path / "out"
    assert run_cli(["batch", papers[0], "--out", str(out)]).code == 0
    other = write_tree(tmp_path / "x" / "attention-note", {
        "main.tex": "\\begin{document}Let $y$ be the output.\\end{document}\n"})
    assert run_cli(["batch", str(other), papers[1], "--out", str(out)]).code == 0
    lines = _index(out)
    assert [line["source"] for line in lines] == [str(other), papers[1], papers[0]]
    assert lines[2]["name"] == "attention-note"  # still its own; the new one is renamed
    assert lines[0]["name"].startswith("attention-note-")
    assert json.loads((out / "attention-note.json").read_text())["paper"]["source"] \
        == papers[0]
    assert json.loads((out / "census.json").read_text())["papers"] == 2  # this run's


def _dies_on_boom(task, settings):  # a worker's task that kills its process (a crash)
    import os

    from annotator.batch.work import run_task

    if task.name == "boom":
        os._exit(3)
    return run_task(task, settings)


def test_a_worker_that_dies_fails_its_papers_and_not_the_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.batch import runner

    papers = _papers(tmp_path)
    boom = write_tree(tmp_path / "boom", {"main.tex": "$x$ is the input.\n"})
    out = tmp_path / "out"
    monkeypatch.setattr(runner, "run_task", _dies_on_boom)  # forked workers inherit it
    result = run_cli(["batch", *papers, str(boom), "--out", str(out), "-j", "2"])
    assert result.code == 1
    lines = {line["name"]: line for line in _index(out)}
    assert set(lines) == {"attention-note", "clean-draft", "boom"}
    assert lines["boom"]["status"] == "error"
    assert "worker process died" in lines["boom"]["message"]
    monkeypatch.undo()
    again = run_cli(["batch", *papers, str(boom), "--out", str(out), "-j", "2"])
    assert again.code == 0
    assert {line["status"] for line in _index(out)} == {"ok"}


def test_dask_on_a_running_cluster_by_its_address(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import gc

    papers = _papers(tmp_path)
    threshold = gc.get_threshold()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        result = run_cli(["batch", *papers, "--out", str(out), "--dask",
                          cluster.scheduler_address])
        assert result.code == 0, result.err
    assert gc.get_threshold() == threshold  # a cluster that is not ours is left as it is
    pool = tmp_path / "pool"
    assert run_cli(["batch", *papers, "--out", str(pool), "-j", "1"]).code == 0
    assert _comparable(out) == _comparable(pool)
