"""User-facing messages, in Vietnamese by default and English on request.

The texts live in gettext catalogues, not in code: `gen/locale/<lang>/LC_MESSAGES/gen.po`, compiled to
`.mo` by Babel (`tools/messages.sh` extracts, updates and compiles). Message ids are the stable rule ids
used in findings ("schema.required"), so the same id names a finding in JSON output and its text in
every language. Reading a compiled catalogue with the standard library keeps Babel out of start-up.

Language: `--lang`, else GEN_LANG, else an English LC_ALL/LC_MESSAGES/LANG, else Vietnamese.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message_id: str) -> str:
    """Marks an id chosen at run time so that extraction still finds it."""
    return message_id


def _from_environment() -> str:
    for variable in ("GEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return os.environ[variable]
    return "vi"


def _normalise(lang: str) -> str:
    return "en" if lang.lower().startswith("en") else "vi"


_lang = _normalise(_from_environment())


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("gen", localedir=LOCALE_DIR, languages=[lang])


def set_language(lang: str | None) -> None:
    """None keeps the language the environment asks for."""
    global _lang
    _lang = _normalise(lang or _from_environment())


def language() -> str:
    return _lang


def t(message_id: str, /, **params) -> str:
    return _catalogue(_lang).gettext(message_id).format(**params)


def template(message_id: str, /) -> str:
    """The text of an id with its {placeholders} unfilled (for listings such as `gen rules`)."""
    return _catalogue(_lang).gettext(message_id)
