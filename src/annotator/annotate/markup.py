"""Unicode math text as HTML for the Story: what Unicode has no sub- or superscript
character for stays `_x` / `^{...}` in the glossary's text (`D_KL`, `ℝ^d`, `p_θ`); here it
becomes <sub>/<sup>, as a reader expects to see it."""

from __future__ import annotations

from html import escape


def markup(text: str) -> str:
    """`text` escaped for HTML, with `_x`, `_{...}`, `^x` and `^{...}` as sub/sup: the
    script is a braced group, else the run of letters and digits after the mark."""
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char in "_^" and position + 1 < len(text) and position > 0:
            script, end = _script(text, position + 1)
            if script:
                tag = "sub" if char == "_" else "sup"
                out.append(f"<{tag}>{markup(script)}</{tag}>")
                position = end
                continue
        out.append(escape(char))
        position += 1
    return "".join(out)


def _script(text: str, start: int) -> tuple[str, int]:
    """The script starting at `start` and the offset just past it ('' when none)."""
    if text[start] == "{":
        depth = 0
        for index in range(start, len(text)):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    return text[start + 1:index], index + 1
        return "", start
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "*′'"):
        end += 1
    return text[start:end], end
