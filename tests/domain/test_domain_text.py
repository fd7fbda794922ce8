"""The stored-text rule in its two forms (per character and as one pattern) agrees everywhere."""

from __future__ import annotations

import sys

from domain.text import FORBIDDEN, is_forbidden, printable, text_fault


def test_the_pattern_and_the_character_rule_agree_on_every_code_point() -> None:
    disagreeing = [
        code
        for code in range(sys.maxunicode + 1)
        if (FORBIDDEN.search(chr(code)) is not None) != is_forbidden(chr(code))
    ]
    assert disagreeing == []


def test_forbidden_characters_are_named_and_replaced_where_they_stand() -> None:
    assert text_fault("窗口\t办理\r\n") is None
    assert text_fault("窗口\x7f办理") == "contains the control character U+007F"
    assert printable("旧\x00标题\x85\ud800") == "旧\ufffd标题\ufffd\ufffd"
    assert printable("无需改动") == "无需改动"


def test_bidirectional_controls_are_refused_and_direction_marks_kept() -> None:
    for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        fault = text_fault(f"照片{chr(code)}gnp.exe")
        assert fault == f"contains the bidirectional control character U+{code:04X}"
    assert text_fault("\u200f整改\u200e完成") is None
    assert printable("a\u202eb") == "a\u202eb"  # text already in the log is shown as it is


def test_noncharacters_are_refused_and_private_use_kept() -> None:
    for code in (0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF):
        assert text_fault(f"标题{chr(code)}") == f"contains the noncharacter U+{code:04X}"
    assert text_fault("\ue000\U000f0000\ufffd") is None  # private use, and the replacement mark
