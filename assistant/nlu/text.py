"""Language-dependent text handling: which language a text is in, and how it splits into tokens.

Pure. Chinese is written without spaces and recognisers write it with spaces between words
("把 空调 调 到 二十二 度"), so for a language that ignores whitespace the tokens are single
ideographs plus runs of anything else, and tokens are joined without a space wherever an ideograph
is involved. hassil (with ``ignore_whitespace``) removes whitespace only *between* two ideographs;
"调到 22 度" would not match "调到{temperature}度", so every space next to an ideograph goes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from assistant.nlu.zh_numbers import NUMERALS, to_arabic

#: CJK ideographs: the unified block and extension A.
_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff"
_HAS_IDEOGRAPH = re.compile(f"[{_IDEOGRAPH}]")
_TOKEN = re.compile(rf"[{_IDEOGRAPH}]|[^\s{_IDEOGRAPH}]+")
#: Whitespace next to an ideograph ("播放 Taylor Swift 的歌" -> "播放Taylor Swift的歌").
_GAP = re.compile(rf"(?<=[{_IDEOGRAPH}])\s+|\s+(?=[{_IDEOGRAPH}])")
#: Full-width punctuation -> what the templates and the router expect.
_FULL_WIDTH = str.maketrans(
    {"，": ",", "、": ",", "。": " ", "！": " ", "？": " ", "；": ",", "：": " ", "％": "%", "·": "", "・": ""}
    | {"!": " ", "?": " ", "～": " ", "~": " ", "…": " ", "—": " "}  # 下一首～, 窗户……关一下
)
_LATIN = re.compile(r"[A-Za-z]")
#: Erhua: the 儿 a northern speaker adds to a word (一点儿, 这儿, 缝儿) is dropped, except where it is a
#: word of its own or part of one (女儿, 婴儿, 儿子, 儿童, 儿歌, 容祖儿).
_ERHUA = re.compile(rf"(?<=[{_IDEOGRAPH}])(?<![女婴幼孤男健胎患宠孩祖])儿(?![子童歌科女时媳孙])")

#: A verb said twice around 一 is said once: 调一调 -> 调, 暖一暖 -> 暖 (numerals excepted: 一一一).
_REDUPLICATED = re.compile(rf"(?![{NUMERALS}])([{_IDEOGRAPH}])一\1")


#: ...and so are a few said twice alone: 降降温 -> 降温, 先停停 -> 先停 (not 暖暖 or 凉凉: song titles;
#: not the 调 that ends 空调 or 音调 before the verb 调: 空调调到22度).
_DOUBLED = re.compile(r"(?<![空音])(调)调|([降升停关])\2")


#: A word said three times or more for emphasis is said once: 冷冷冷 -> 冷 (not numerals: 一一一; not
#: 不不不, which says no where 不 alone would negate what follows).
_TRIPLED = re.compile(rf"(?![{NUMERALS}不])([{_IDEOGRAPH}])\1{{2,}}")


def _chinese(text: str) -> str:
    text = _TRIPLED.sub(r"\1", _simplified()(text))
    return to_arabic(_DOUBLED.sub(lambda m: m.group(1) or m.group(2), _REDUPLICATED.sub(r"\1", _ERHUA.sub("", text))))


@lru_cache(maxsize=1)
def _simplified() -> Callable[[str], str]:
    """Traditional characters as simplified ones (把冷氣開強一點 is 把冷气开强一点): the templates are
    written in simplified characters, as recognisers write them. OpenCC's table, loaded on the first
    Chinese turn (about 15 ms); simplified text passes through unchanged."""
    try:
        import opencc
    except ImportError:  # typed traditional text then goes to the LLM, as before
        return lambda text: text
    convert: Callable[[str], str] = opencc.OpenCC("t2s").convert
    return convert


#: Language-specific rewriting before matching: numbers in words -> digits, so templates use ranges.
_REWRITES: dict[str, Callable[[str], str]] = {"zh": _chinese}


def detect_language(text: str, available: Iterable[str], default: str) -> str:
    """The language of ``text`` among ``available``: Chinese if it has an ideograph, English if it
    has Latin letters, else ``default`` (digits and punctuation say nothing)."""
    languages = set(available)
    chinese = has_ideographs(text)
    if chinese and "zh" in languages:
        return "zh"
    if not chinese and _LATIN.search(text) and "en" in languages:
        return "en"
    return default


@lru_cache(maxsize=4)
def number_speller(language: str) -> Callable[[float], str]:
    """Numbers in words as a recogniser writes them: 24 -> "twenty four" (hassil's own speller)."""
    from unicode_rbnf import RbnfEngine

    engine = RbnfEngine.for_language(language)

    def spell(value: float) -> str:
        number = int(value) if float(value).is_integer() else value
        return str(engine.format_number(number).text).replace("-", " ")

    return spell


def close_gaps(text: str) -> str:
    """Spaces beside a Chinese character go, as the router's text has none: 四季 春 -> 四季春."""
    return _GAP.sub("", text)


def has_ideographs(text: str) -> bool:
    return _HAS_IDEOGRAPH.search(text) is not None


class Tokens:
    """How one language's text splits into tokens and joins back; spaced languages split on spaces."""

    def __init__(self, language: str, unspaced: bool) -> None:
        self.language = language
        self.unspaced = unspaced
        self._rewrite = _REWRITES.get(language)

    def normalize(self, text: str) -> str:
        """Spacing, numerals and (Chinese) erhua in the form the templates are written in."""
        if not self.unspaced:
            return text
        # full-width digits and letters as ASCII (２２度, ＡＣ); then spacing: a numeral may be spaced, "二十 二"
        text = close_gaps(unicodedata.normalize("NFKC", text.translate(_FULL_WIDTH)))
        return self._rewrite(text) if self._rewrite is not None else text

    def split(self, text: str) -> tuple[str, ...]:
        if not self.unspaced:
            return tuple(text.split())
        return tuple(_TOKEN.findall(text))

    def join(self, tokens: Sequence[str]) -> str:
        if not self.unspaced:
            return " ".join(tokens)
        out = ""
        for token in tokens:
            if out and not (has_ideographs(out[-1]) or has_ideographs(token[:1])):
                out += " "
            out += token
        return out
