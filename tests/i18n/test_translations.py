"""Every word a person reads is translatable, and translated (issue 14): CI fails on a
template string not marked for translation or a message without its Spanish."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pdportal.i18n import DEFAULT_LANGUAGE, LANGUAGES
from tests.i18n.checks import ROOT, TEMPLATES, TRANSLATIONS, template_problems, untranslated


def test_every_readable_template_string_is_marked_for_translation():
    problems = template_problems([TEMPLATES])
    listing = "\n".join(
        f"{name}:{line}: {text[:80]!r}" for name, lines in problems.items() for line, text in lines
    )
    assert not problems, f"text not marked for translation:\n{listing}"


TRANSLATED = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_holds_every_message_the_code_marks(language: str, tmp_path: Path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "-o",
            str(template),
            str(ROOT / "pdportal"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    with template.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        have = {message.id for message in read_po(handle) if message.id}
    missing = sorted(str(message) for message in wanted - have)
    assert not missing, f"run `make messages`; not in the {language} catalog: {missing[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str):
    missing = untranslated(language)
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:10]}"
