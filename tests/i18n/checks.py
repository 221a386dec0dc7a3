"""Translation checks, for the tests and by hand:

    python -m tests.i18n.checks [TEMPLATE_DIR_OR_FILE ...]

lists template text a person reads that is not marked for translation, and (with no
arguments) every message of the Spanish catalog that has no translation.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "pdportal" / "templates"
TRANSLATIONS = ROOT / "pdportal" / "translations"
READABLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "summary"}
LETTERS = re.compile(r"[A-Za-z]{2,}")
# Text that reads the same in every language: the product's name, symbols, units.
NOT_WORDS = {"pdportal", "CSV", "PDF", "JSON", "iCal", "QR", "OK", "ICS", "URL", "STEM", "PO"}


def _has_words(text: str) -> bool:
    words = LETTERS.findall(text)
    return any(word not in NOT_WORDS for word in words)


class _ReadableText(HTMLParser):
    """Collects text nodes and readable attribute values outside <script>/<style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READABLE_ATTRIBUTES and value and _has_words(value):
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and _has_words(data):
            self.found.append((self.getpos()[0], data.strip()))


def unmarked_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) of readable template text outside {% trans %} blocks and {{ }}.

    The template's own text is put back together with every {{ … }} replaced by a
    placeholder without letters, and every {% trans %} block left out, then read as HTML
    (a plain-text email is read whole)."""
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])  # noqa: S701
    source = path.read_text(encoding="utf-8")
    pieces: list[str] = []
    in_trans = 0
    previous_kind = ""
    for _line, kind, value in env.lex(source):
        if kind == "name" and previous_kind == "block_begin" and value in ("trans", "endtrans"):
            in_trans += 1 if value == "trans" else -1
        if kind == "data" and not in_trans:
            pieces.append(value)
        elif kind == "variable_begin" and not in_trans:
            pieces.append("\u00a7")
        else:
            pieces.append("\n" * value.count("\n"))
        if kind != "whitespace":
            previous_kind = kind
    text = "".join(pieces)
    if path.suffix == ".txt":  # a plain-text email: every word is read
        return [
            (number, line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if _has_words(line)
        ]
    parser = _ReadableText()
    parser.feed(text)
    return parser.found


def template_problems(paths: list[Path]) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.suffix in (".html", ".txt"):
                problems = unmarked_text(path)
                if problems:
                    found[str(path.relative_to(ROOT))] = problems
    return found


def untranslated(language: str = "es") -> list[str]:
    """msgids of the catalog with no translation (or only a fuzzy one)."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(arguments: list[str]) -> int:
    paths = [Path(argument).resolve() for argument in arguments] or [TEMPLATES]
    problems = template_problems(paths)
    for name, lines in problems.items():
        for line, text in lines:
            print(f"{name}:{line}: {text[:100]!r}")
    missing = [] if arguments else untranslated()
    for message in missing:
        print(f"untranslated: {message[:100]!r}")
    return 1 if problems or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
