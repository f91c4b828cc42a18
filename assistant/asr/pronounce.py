"""Pronunciations for words the recogniser's dictionary lacks, so names can be in the command grammar.

PocketSphinx's dictionary knows common English words but not "Despacito", "Marienplatz" or
"motorway"; a template or list value holding one could not be recognised at all. espeak-ng (already
the speech output) spells any word in IPA, one phoneme per ``_``-separated token; ``arpabet`` maps
that to the ARPAbet phones of the acoustic model. The mapping is pure; ``espeak_pronunciations`` is
the thin adapter that runs espeak-ng once for a batch of words.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable

#: IPA (as espeak-ng writes American English) -> ARPAbet. Longest symbols are tried first.
_IPA = {
    "aɪ": "AY", "aʊ": "AW", "ɔɪ": "OY", "eɪ": "EY", "oʊ": "OW", "əʊ": "OW", "tʃ": "CH", "dʒ": "JH",
    "iə": "IY AH", "eə": "EH R", "ʊə": "UH R",
    "i": "IY", "ɪ": "IH", "ᵻ": "IH", "e": "EH", "ɛ": "EH", "æ": "AE", "a": "AA", "ɑ": "AA", "ɒ": "AA",
    "ɔ": "AO", "o": "OW", "ʊ": "UH", "u": "UW", "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ɚ": "ER", "ɜ": "ER",
    "ɝ": "ER", "y": "UW", "ø": "ER", "œ": "ER",
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "g": "G", "ɡ": "G", "f": "F", "v": "V", "θ": "TH",
    "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L",
    "ɫ": "L", "ɹ": "R", "r": "R", "ɾ": "T", "w": "W", "j": "Y", "x": "K", "ç": "HH", "ʔ": "",
}  # fmt: skip
_LONGEST = max(map(len, _IPA))
#: Marks that change no ARPAbet phone: stress, length, syllabic and other diacritics, ties.
_MARKS = set("ˈˌːˑ'‿͡") | {"\u0329", "\u032f", "\u0303"}


def arpabet(ipa: str) -> tuple[str, ...] | None:
    """ARPAbet phones for espeak-ng's ``--ipa --sep=_`` output of one word; None if a symbol is unknown."""
    phones: list[str] = []
    for token in ipa.replace(" ", "_").split("_"):
        text = "".join(ch for ch in unicodedata.normalize("NFD", token) if ch not in _MARKS)
        start = 0
        while start < len(text):
            sizes = range(min(_LONGEST, len(text) - start), 0, -1)
            size = next((n for n in sizes if text[start : start + n] in _IPA), 0)
            if size == 0:
                return None
            phones += _IPA[text[start : start + size]].split()
            start += size
    return tuple(phones) or None


def espeak_pronunciations(words: Iterable[str], voice: str = "en-us") -> dict[str, tuple[str, ...]]:
    """Pronunciations of ``words`` from espeak-ng; words it cannot spell (or no espeak-ng) are left out."""
    wanted = sorted({w for w in words if w and "\n" not in w})
    program = shutil.which("espeak-ng")
    if not wanted or program is None:
        return {}
    try:
        done = subprocess.run(
            [program, "-q", "-v", voice, "--ipa", "--sep=_"],
            input="\n".join(wanted) + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(wanted):  # one line per word is what lets results be paired with words
        return {}
    found = {word: arpabet(line) for word, line in zip(wanted, lines, strict=True)}
    return {word: phones for word, phones in found.items() if phones}
