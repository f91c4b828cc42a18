"""Chinese numerals to Arabic digits, so Mandarin templates can use the same number ranges as English.

二十二度 -> 22度, 二十一点五 -> 21.5, 二十一度半 -> 21.5度, 二十二度五 -> 22.5度, 两档 -> 2档,
百分之五十 -> 50%, 开到三成 -> 开到30%, 调到五 -> 调到5.
Pure. Bare digits without 十/百/千/万 (一, 两, 一一, 一点一) are converted only where a quantity stands
(before a unit, or after "to"): 调大一点 ("a little louder"), 一首歌 ("a song"), 一半 ("half") and 统一一下
keep their words.
"""

from __future__ import annotations

import re

_READINGS = ("零〇", "一", "二两俩", "三", "四", "五", "六", "七", "八", "九")  # each digit's characters
_DIGITS = {ch: n for n, chars in enumerate(_READINGS) for ch in chars}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUMERALS = "零〇一二两俩三四五六七八九十百千万"
#: After a number, these make it a quantity even when the number is a single character.
_MEASURES = "度档挡级格号%"
#: Before a number, these make it a target ("to five").
_TARGETS = ("到", "成", "为", "至", "调", "设", "开")

_RUN = re.compile(rf"[{NUMERALS}]+(?:点[{NUMERALS}]+)?")
_PERCENT = re.compile(rf"百分之([{NUMERALS}]+|\d+)")
#: 三成 is 30%: tenths of the whole, said of a window or the volume (not 八成是, "most likely")
_TENTHS = re.compile(r"([一二两三四五六七八九十])成(?=$|[^\u3400-\u9fff]|左右|就|吧|啊|呀|的|即可)")
_HALF = re.compile(r"(\d+)(度|档|挡|级|点)半")
#: 二十二度五 is 22.5 degrees: one digit said after 度 is its tenths (not before another number or unit).
_DEGREE_TENTHS = re.compile(rf"(\d+)度([一二三四五六七八九])(?![{NUMERALS}\d{_MEASURES}])")


def integer(text: str) -> int | None:
    """The value of a run of numeral characters: 二十二 -> 22, 十五 -> 15, 一百零五 -> 105, 二五 -> 25."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # read digit by digit: 二五 -> 25
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit, last_unit, zero = 0, 0, None, 1, False
    for ch in text:
        if ch in _DIGITS:
            digit, zero = _DIGITS[ch], zero or _DIGITS[ch] == 0
        elif ch == "万":
            section = (section + (digit or 0)) * 10000
            total, section, digit, last_unit, zero = total + section, 0, None, 10000, False
        else:
            section += (1 if digit is None else digit) * _UNITS[ch]  # 十五: a bare 十 is ten
            digit, last_unit, zero = None, _UNITS[ch], False
    if digit and last_unit >= 100 and not zero:  # 一万二 is 12000, 两百五 is 250: the next unit down
        return total + section + digit * last_unit // 10
    return total + section + (digit or 0)


def _is_ideograph(text: str) -> bool:
    return bool(text) and "\u3400" <= text <= "\u9fff"


def _value(run: str) -> str | None:
    whole, _, fraction = run.partition("点")
    number = integer(whole)
    if number is None:
        return None
    if not fraction:
        return str(number)
    if any(ch not in _DIGITS for ch in fraction):
        return None
    return f"{number}." + "".join(str(_DIGITS[ch]) for ch in fraction)


def to_arabic(text: str) -> str:
    """``text`` with its Chinese numbers written in digits (other text unchanged)."""

    def percent(match: re.Match[str]) -> str:
        value = match.group(1) if match.group(1).isdigit() else _value(match.group(1))
        return f"{value}%" if value is not None else match.group()

    text = _PERCENT.sub(percent, text)
    text = _TENTHS.sub(lambda m: f"{10 * (integer(m.group(1)) or 0)}%", text)

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        before = text[: match.start()]
        # Two digits side by side before a unit are no one number: the first ends a word (统一二十四度).
        if len(run) > 2 and run[0] in _DIGITS and run[1] in _DIGITS and "零" not in run[:2] and run[2] in _UNITS:
            return run[0] + (_value(run[1:]) or run[1:])
        after = text[match.end() : match.end() + 1]
        if run.endswith("点"):
            return run
        # Bare digits (一, 一一, 一点一) and bare units (百 in 百分之多少) are words as often as numbers
        # (统一一下, 随便放一一首, 减低一点一下): numbers only where a quantity stands. 二十五, 一百零五 are
        # numbers anywhere.
        single = not (any(ch in _UNITS for ch in run) and any(ch in _DIGITS for ch in run))
        whole = run.partition("点")[0]
        if len(whole) >= 3 and all(ch in _DIGITS for ch in whole):  # 一零一, 一零三点七: read digit by digit
            single = False
        # "调到五" is a target; "开一条缝" ("open a crack") is not: a word follows the number
        quantity = (after != "" and after in _MEASURES) or (before.endswith(_TARGETS) and not _is_ideograph(after))
        if single and not quantity:
            return run
        value = _value(run)
        return value if value is not None else run

    converted = _RUN.sub(replace, text)
    converted = _DEGREE_TENTHS.sub(lambda m: f"{m.group(1)}.{_DIGITS[m.group(2)]}度", converted)
    return _HALF.sub(lambda m: f"{m.group(1)}.5{m.group(2)}" if m.group(2) != "点" else f"{m.group(1)}.5", converted)
