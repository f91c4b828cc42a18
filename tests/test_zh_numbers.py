"""Chinese numerals: what a Mandarin speaker says for temperatures, levels and percentages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.nlu.zh_numbers import integer, to_arabic

DIGITS = "零一二三四五六七八九"


def _say(n: int) -> str:
    """The standard reading of 0 <= n < 100,000 (十五 for 15, 一百零五 for 105)."""
    if n == 0:
        return "零"
    parts, zero = [], False
    for unit, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            if zero:
                parts.append("零")
            parts.append(("" if unit == 10 and not parts and digit == 1 else DIGITS[digit]) + name)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@given(st.integers(min_value=0, max_value=99999))
def test_every_standard_reading_is_read_back(n: int) -> None:
    assert integer(_say(n)) == n


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("把空调调到二十二度", "把空调调到22度"),
        ("调到二十一点五度", "调到21.5度"),
        ("二十一度半", "21.5度"),
        ("二十二度五", "22.5度"),  # the digit after 度 is its tenths
        ("二十度一档", "20度1档"),  # ...not when it is a quantity of its own
        ("座椅加热开到两档", "座椅加热开到2档"),
        ("温度调高两度", "温度调高2度"),
        ("音量调到百分之五十", "音量调到50%"),
        ("车窗开到三成", "车窗开到30%"),  # tenths of the whole
        ("开两成就行", "开20%就行"),
        ("八成是没电了", "八成是没电了"),  # "most likely", no quantity
        ("调到五", "调到5"),
        ("一万二", "12000"),  # colloquial: the next unit down
        ("两百五", "250"),
        # a lone 一 or 两 that is not a quantity keeps its word
        ("音量调大一点", "音量调大一点"),
        ("播放一首歌", "播放一首歌"),
        ("车窗开一半", "车窗开一半"),
        ("导航到最近的充电站", "导航到最近的充电站"),
        ("全车温度统一二十四度", "全车温度统一24度"),  # 一 ends 统一; 二十四 is the number
        ("收听调频一零一点一", "收听调频101.1"),  # read digit by digit, with its tenths
    ],
)
def test_numbers_in_requests(said: str, digits: str) -> None:
    assert to_arabic(said) == digits


def test_a_lone_numeral_at_the_end_is_a_number_only_after_to() -> None:
    assert to_arabic("车窗开四分之一") == "车窗开四分之一"  # a fraction word, not "四分之1"
    assert to_arabic("座椅加热调到零") == "座椅加热调到0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("统一一下", "统一一下"), ("随便放一一首歌", "随便放一一首歌"), ("再减低一点一下", "再减低一点一下"),
     ("调到一点五度", "调到1.5度"), ("二十一点五", "21.5"), ("调到二五", "调到25"),
     ("电量百分之多少", "电量百分之多少")],
)  # fmt: skip
def test_bare_digits_are_numbers_only_where_a_quantity_stands(text: str, expected: str) -> None:
    assert to_arabic(text) == expected


def test_three_or_more_bare_digits_are_a_number_read_digit_by_digit() -> None:
    assert to_arabic("收听动感一零一") == "收听动感101"
    assert to_arabic("经典九四七") == "经典947"
