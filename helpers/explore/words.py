"""The explorers' words in the book's other language: one table, for the static page and the
live widget alike.

The explorers are written in English (their titles, the sliders' labels, the axes, the
captions). The static page carries, beside its English, the Chinese of every one of those
strings (``static_view.to_html``), and its script shows the words of the page's language
(``<html lang="zh-CN">`` on the Chinese edition): one output, executed once, serves both
editions. The live widget says its words in ``live_language()``.

A fixed phrase is in ``ZH``; a sentence made with numbers (a caption) is matched by one of
``_ZH_SENTENCES`` and rebuilt around the same numbers, so a number is never retyped.
"""

from __future__ import annotations

import os
import pathlib
import re

LANGUAGES = ("en", "zh-CN")
# set it (e.g. NN_BOOK_LANGUAGE=zh_CN) to have the live widgets speak that language
LANGUAGE_ENV = "NN_BOOK_LANGUAGE"

ZH = {
    # titles
    "No hidden layer: learning rate and steps": "无隐藏层：学习率与步数",
    "Two-layer net: learning rate and hidden width": "两层网络：学习率与隐藏层宽度",
    "Dropout: rate and hidden width (costs per example, dropout off)":
        "随机失活：失活率与隐藏层宽度（每个样本的代价，计算代价时关闭随机失活）",
    "Digits: hidden width and dropout rate (costs per example, dropout off)":
        "手写数字：隐藏层宽度与随机失活率（每个样本的代价，计算代价时关闭随机失活）",
    "Deeper nets: depth, activation and initial spread": "更深的网络：深度、激活函数与初始标准差",
    # sliders
    "learning rate \u03b7": "学习率 \u03b7",
    "steps": "步数",
    "hidden units": "隐藏单元数",
    "dropout rate p": "随机失活率 p",
    "hidden layers": "隐藏层数",
    "activation": "激活函数",
    "initial spread \u03c3": "初始标准差 \u03c3",
    # axes, panel titles and the curves' names
    "cost": "代价",
    "cost C": "代价 C",
    "cost per example": "每个样本的代价",
    "cost per example (cross-entropy)": "每个样本的代价（交叉熵）",
    "step": "步",
    "epoch": "轮",
    "net output over the input plane": "网络在输入平面上的输出",
    "loss": "损失",
    "train": "训练",
    "test": "测试",
    "validation": "验证",
    # the live widget's own words
    "Retraining\u2026": "重新训练中\u2026",
}
# the same in every language: symbols and the values of a slider
SAME = {"x\u2081", "x\u2082", "sigmoid", "tanh", "relu", "Xavier/He"}

_HELD = {"test": "测试", "validation": "验证"}
_ZH_SENTENCES = [
    (re.compile(r"After (?P<epochs>\d+) epochs: training accuracy (?P<train>[\d.]+%), "
                r"(?P<held>\w+) accuracy (?P<acc>[\d.]+%) \((?P<wrong>\d+) of (?P<n>\d+) "
                r"(?P=held) digits wrong\)\."),
     lambda m: (f"训练 {m['epochs']} 轮后：训练准确率 {m['train']}，{_HELD[m['held']]}准确率 "
                f"{m['acc']}（{m['n']} 个{_HELD[m['held']]}数字中错了 {m['wrong']} 个）。")),
    (re.compile(r"At the start, \|\|\u03b4\|\| of layers 1 to (?P<k>\d+) \((?P=k) = output\): "
                r"(?P<norms>[^:]+)\. Cost per example after (?P<steps>\d+) steps: "
                r"(?P<cost>[\d.]+)\."),
     lambda m: (f"开始时，第 1 至第 {m['k']} 层（第 {m['k']} 层为输出层）的 ||\u03b4||："
                f"{m['norms']}。训练 {m['steps']} 步后，每个样本的代价为 {m['cost']}。")),
    (re.compile(r"the (?P<n>\d+) (?P<held>\w+) digits; red: wrong, with the net's answer"),
     lambda m: f"{m['n']} 个{_HELD[m['held']]}数字；红框：认错的数字，标出网络的答案"),
]


def say(text, language="en"):
    """``text`` in ``language`` ("en" or "zh-CN"); a ValueError for English with no Chinese."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}; got {language!r}")
    if language == "en" or text in SAME:
        return text
    if text in ZH:
        return ZH[text]
    for pattern, build in _ZH_SENTENCES:
        m = pattern.fullmatch(text)
        if m and m.groupdict().get("held", "test") in _HELD:
            return build(m)
    raise ValueError(f"no Chinese for the explorer's words {text!r}: add them to "
                     f"helpers/explore/words.py")


def live_language():
    """The live widget's language: NN_BOOK_LANGUAGE if set ("zh_CN", "zh-CN" or "zh" for
    Chinese); else Chinese when the notebook runs from a folder of the Chinese edition (the
    JupyterLite copy's zh/book/); else English."""
    chosen = os.environ.get(LANGUAGE_ENV, "").strip()
    if chosen:
        return "zh-CN" if chosen.lower().replace("_", "-").startswith("zh") else "en"
    try:
        parts = pathlib.Path.cwd().parts
    except OSError:
        return "en"
    return "zh-CN" if len(parts) >= 2 and parts[-2:] == ("zh", "book") else "en"
