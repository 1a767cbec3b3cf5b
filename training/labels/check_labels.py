"""Validate the hand-labelled definition links and print their counts.

Checks every ``training/labels/*.json``: it loads; the paper's files exist;
paragraph spans are inside the file and do not overlap; every link's spans lie
inside its paragraph; ``symbol_text`` / ``description_text`` equal the file's
text at their offsets; labels and contexts come from the allowed sets; no link
is listed twice; a ``main`` file, when given, exists; a Chinese description is
never a bare function word ("其中", "每个", "给定") and never starts with a cue
("其中 $x$ 表示 ..." labels the words after the cue, not the cue). Exit 0 when
all files pass, 1 otherwise.

    python training/labels/check_labels.py [FILE.json ...]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTEXTS = {
    "body", "caption", "footnote", "algorithm", "theorem", "definition",
    "proof", "table", "abstract", "appendix", "list",
}
LABELS = {"definition", "property"}
# Chinese words that introduce or quantify a description but never are one:
# "其中 $\\eta$ 表示学习率" -> the description is "学习率", "每个样本" may be one, "每个" not.
ZH_FUNCTION_WORDS = {
    "其中", "这里", "此处", "每个", "每一个", "给定", "给定的", "所有", "任意", "一个",
    "该", "这个", "其", "的", "为", "是", "表示", "记", "令", "设", "即", "分别",
}
ZH_CUE_PREFIXES = ("其中", "这里", "此处", "表示", "称为", "记作", "记为", "记做", "定义为", "分别")
PARAGRAPH_KEYS = {"file", "start", "end", "context", "links"}
LINK_KEYS = {"symbol", "symbol_text", "description", "description_text", "label"}


def read_text(path: Path) -> str:
    return open(path, encoding="utf-8", errors="replace").read()


def is_span(value: object) -> bool:
    return (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) for v in value) and value[0] < value[1]
    )


def has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def check_chinese_description(description: str, where: str) -> list[str]:
    """A Chinese description is a noun phrase or predicate, never a cue or function word."""
    if not has_cjk(description):
        return []
    if description in ZH_FUNCTION_WORDS:
        return [f"{where}: description {description!r} is a function word"]
    if description.startswith(ZH_CUE_PREFIXES):
        return [f"{where}: description {description!r} starts with a cue word"]
    return []


def check_link(link: dict, where: str, text: str, start: int, end: int) -> list[str]:
    missing = LINK_KEYS - link.keys()
    if missing:
        return [f"{where}: missing {sorted(missing)}"]
    errors = []
    if link["label"] not in LABELS:
        errors.append(f"{where}: label {link['label']!r} not in {sorted(LABELS)}")
    for part in ("symbol", "description"):
        span = link[part]
        if not is_span(span):
            errors.append(f"{where}: {part} {span!r} is not [start, end]")
            continue
        if not (start <= span[0] and span[1] <= end):
            errors.append(f"{where}: {part} {span} outside paragraph [{start}, {end}]")
        actual = text[span[0]:span[1]]
        if actual != link[f"{part}_text"]:
            written = link[f"{part}_text"]
            errors.append(f"{where}: {part}_text {written!r} but the file has {actual!r}")
        if actual != actual.strip():
            errors.append(f"{where}: {part} {actual!r} has surrounding whitespace")
    errors.extend(check_chinese_description(link["description_text"], where))
    if is_span(link["symbol"]) and is_span(link["description"]):
        s, d = link["symbol"], link["description"]
        if s[0] < d[1] and d[0] < s[1]:
            errors.append(f"{where}: symbol {s} overlaps its description {d}")
    return errors


def check_paragraph(par: dict, where: str, root: Path, texts: dict[str, str]) -> list[str]:
    missing = PARAGRAPH_KEYS - par.keys()
    if missing:
        return [f"{where}: missing {sorted(missing)}"]
    path = root / par["file"]
    if par["file"] not in texts:
        if not path.is_file():
            return [f"{where}: no file {path}"]
        texts[par["file"]] = read_text(path)
    text = texts[par["file"]]
    errors = []
    if par["context"] not in CONTEXTS:
        errors.append(f"{where}: context {par['context']!r} not in {sorted(CONTEXTS)}")
    start, end = par["start"], par["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        where_file = f"{par['file']} ({len(text)} chars)"
        return [*errors, f"{where}: span [{start}, {end}] not inside {where_file}"]
    seen = set()
    for k, link in enumerate(par["links"]):
        link_where = f"{where} link {k}"
        errors.extend(check_link(link, link_where, text, start, end))
        key = (tuple(link.get("symbol", ())), tuple(link.get("description", ())), link.get("label"))
        if key in seen:
            errors.append(f"{link_where}: duplicate of an earlier link")
        seen.add(key)
    return errors


def check_document(path: Path) -> tuple[list[str], dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path}: does not load: {exc}"], {}
    errors = []
    for key in ("paper", "root", "paragraphs"):
        if key not in doc:
            errors.append(f"{path}: missing {key!r}")
    if errors:
        return errors, {}
    root = Path(doc["root"])
    if not root.is_dir():
        return [f"{path}: root {root} is not a folder"], {}
    if "main" in doc and not (root / doc["main"]).is_file():
        errors.append(f"{path}: main file {doc['main']} not found under {root}")
    texts: dict[str, str] = {}
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for k, par in enumerate(doc["paragraphs"]):
        where = f"{path.name} paragraph {k} ({par.get('file')}:{par.get('line', '?')})"
        errors.extend(check_paragraph(par, where, root, texts))
        if isinstance(par.get("start"), int) and isinstance(par.get("end"), int):
            spans.setdefault(par.get("file"), []).append((par["start"], par["end"], k))
    for file, items in spans.items():
        items.sort()
        for (_, e0, k0), (s1, _, k1) in pairwise(items):
            if s1 < e0:
                errors.append(f"{path.name}: paragraphs {k0} and {k1} overlap in {file}")
    return errors, doc


def counts(doc: dict) -> dict[str, Counter]:
    links = [link for par in doc["paragraphs"] for link in par["links"]]
    return {
        "labels": Counter(link["label"] for link in links),
        "contexts": Counter(par["context"] for par in doc["paragraphs"]),
        "links_by_context": Counter(
            par["context"] for par in doc["paragraphs"] for _ in par["links"]
        ),
    }


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(HERE.glob("*.json"))
    if not paths:
        print("check_labels: no label files found", file=sys.stderr)
        return 1
    all_errors: list[str] = []
    total = Counter()
    total_ctx = Counter()
    total_link_ctx = Counter()
    header = " ".join(f"{h:>5s}" for h in ("paras", "empty", "links", "def", "prop"))
    print(f"{'paper':32s} {header}  contexts (paragraphs)")
    for path in paths:
        errors, doc = check_document(path)
        all_errors.extend(errors)
        if not doc:
            continue
        c = counts(doc)
        n_par = len(doc["paragraphs"])
        empty = sum(1 for p in doc["paragraphs"] if not p["links"])
        n_links = sum(c["labels"].values())
        ctx = ", ".join(f"{k} {v}" for k, v in sorted(c["contexts"].items()))
        print(f"{doc['paper']:32s} {n_par:5d} {empty:5d} {n_links:5d} "
              f"{c['labels']['definition']:5d} {c['labels']['property']:5d}  {ctx}")
        total.update({"paragraphs": n_par, "empty": empty, "links": n_links, **c["labels"]})
        total_ctx.update(c["contexts"])
        total_link_ctx.update(c["links_by_context"])
    special_contexts = {"caption", "footnote", "algorithm", "theorem", "appendix"}
    special = sum(v for k, v in total_ctx.items() if k in special_contexts)
    print(f"{'total':32s} {total['paragraphs']:5d} {total['empty']:5d} {total['links']:5d} "
          f"{total['definition']:5d} {total['property']:5d}  "
          + ", ".join(f"{k} {v}" for k, v in sorted(total_ctx.items())))
    by_context = ", ".join(f"{k} {v}" for k, v in sorted(total_link_ctx.items()))
    print(f"links by paragraph context: {by_context}")
    print(f"caption/footnote/algorithm/theorem/appendix paragraphs: {special}")
    for error in all_errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{len(all_errors)} errors", file=sys.stderr)
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
