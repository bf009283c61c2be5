"""The nine SKM elements with the regulation's questions and answer wording (PermenPANRB 14/2017),
read once from data/reference/skm_unsur.csv. The wording is official text, so it is shown as
written (Indonesian in every language) and never re-typed in a template."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from .models import ELEMENTS

SOURCE = settings.BASE_DIR / "data" / "reference" / "skm_unsur.csv"


@dataclass(frozen=True)
class Question:
    field: str  # "u1" ... "u9", the SkmResponse column
    code: str  # "U1" ... "U9"
    unsur: str  # the element's name ("Persyaratan")
    text: str  # the question
    answers: tuple[str, str, str, str]  # wording for the scores 1, 2, 3, 4

    def choices(self) -> list[tuple[int, str]]:
        return [(score, answer) for score, answer in enumerate(self.answers, start=1)]


@lru_cache(maxsize=1)
def questions() -> tuple[Question, ...]:
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = tuple(
        Question(
            field=row["code"].lower(),
            code=row["code"],
            unsur=row["unsur"],
            text=row["question"],
            answers=(row["answer_1"], row["answer_2"], row["answer_3"], row["answer_4"]),
        )
        for row in rows
    )
    # The columns are the regulation's order; a reordered or shortened file would silently swap elements.
    if tuple(q.field for q in found) != ELEMENTS:
        raise ValueError(f"{SOURCE} must list U1..U9 in order")
    return found


def unsur_names() -> list[str]:
    return [q.unsur for q in questions()]
