"""The lean start: each command builds only its own parser and imports only its own
modules, the placeholders of the others say what their real parsers say, and
`annotator --version` loads none of the pipeline; the fast indented JSON writes what
json.dumps writes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator import cli
from annotator.jsontext import dumps_indented
from conftest import corpus_path


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_placeholders_say_what_the_real_parsers_say() -> None:
    full = cli._parser()
    assert _helps(full) == cli.COMMAND_HELP
    assert list(_subcommands(full)) == list(cli.COMMAND_HELP)
    for command in cli.COMMAND_HELP:
        lazy = cli._parser(command)
        assert _helps(lazy) == _helps(full)
        assert lazy.format_help() == full.format_help()
        # the command run has its full parser, the same as in the full tree
        assert _subcommands(lazy)[command].format_help() == \
            _subcommands(full)[command].format_help()


@pytest.mark.parametrize(("argv", "chosen"), [
    (["--version"], ""), ([], ""), (["--debug", "glossary", "x.tex"], "glossary"),
    (["rules"], "rules"), (["glosary"], None), (["--", "glossary"], None)])
def test_the_command_is_found_before_parsing(argv: list[str], chosen: str | None) -> None:
    assert cli._chosen(argv) == chosen


def _modules_after(args: list[str]) -> set[str]:
    code = ("import sys, json, runpy\n"
            f"sys.argv = ['annotator', *{args!r}]\n"
            "try:\n    runpy.run_module('annotator', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "sys.stdout.flush()\n"
            "sys.stderr.write(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_version_loads_none_of_the_pipeline() -> None:
    loaded = _modules_after(["--version"])
    assert "annotator.cli" in loaded
    heavy = {"annotator.model", "annotator.knowledge", "annotator.lint.command",
             "annotator.annotate", "annotator.batch.command", "pylatexenc"}
    assert not loaded & heavy


HEAVY = ("annotator.model", "annotator.knowledge", "annotator.knowledge_store",
         "annotator.analysis", "annotator.glossary", "annotator.definitions",
         "annotator.render", "annotator.pdf", "annotator.lint.rules", "pylatexenc",
         "latex2mathml", "pymupdf", "fitz")
"""Prefixes of what no help text needs: the knowledge base, the pipeline, the renderers,
the lint checks, pylatexenc, PyMuPDF."""


def _heavy(loaded: set[str]) -> set[str]:
    return {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}


@pytest.mark.parametrize("command", list(cli.COMMAND_HELP))
def test_every_command_help_loads_none_of_the_pipeline(command: str) -> None:
    loaded = _modules_after([command, "--help"])
    assert not _heavy(loaded), command


def test_the_rule_list_loads_no_check() -> None:
    loaded = _modules_after(["rules"])
    assert "annotator.lint.registry" in loaded
    assert not _heavy(loaded)


def test_the_explain_topics_are_the_knowledge_base_topics() -> None:
    from annotator.knowledge import TOPIC_WORDS
    from annotator.topic_ids import TopicIds

    assert list(TopicIds()) == list(TOPIC_WORDS)
    assert "rl" in TopicIds() and "no-such-topic" not in TopicIds()


def test_a_missing_pdf_is_refused_before_the_pipeline_is_loaded(tmp_path) -> None:
    loaded = _modules_after(["annotate", str(tmp_path / "missing.pdf"), "-o",
                             str(tmp_path / "out.pdf")])
    assert not loaded & {"annotator.glossary", "annotator.pdf", "annotator.knowledge"}
    assert not (tmp_path / "out.pdf").exists()


def test_a_command_loads_only_its_own_module() -> None:
    loaded = _modules_after(["rules", "--format", "json"])
    assert "annotator.lint.command" in loaded
    assert not loaded & {"annotator.annotate", "annotator.batch.command", "annotator.glossary"}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=30)


@given(JSON_VALUES)
def test_the_fast_indented_json_is_the_standard_text(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_the_fast_indented_json_of_a_corpus_glossary() -> None:
    from annotator import api
    from annotator.render.json import glossary_object

    paper = str(corpus_path("chebnet-graph-cnn.tar.gz"))
    kb = api.load_knowledge()
    analysis = api.analyze(paper, knowledge=kb)
    data = glossary_object(analysis, api.build_glossary(analysis, kb))
    assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)


@given(st.text(alphabet="abs -xé", max_size=12), st.text(alphabet="abs-é", min_size=1,
                                                         max_size=3))
def test_word_search_without_a_pattern_finds_what_the_pattern_found(text: str,
                                                                   term: str) -> None:
    import re

    from annotator.agreement import _mentions

    expected = term in text if not term.isascii() else \
        re.search(rf"(?<![a-z]){re.escape(term)}s?(?![a-z])", text) is not None
    assert _mentions(text, term) == expected
