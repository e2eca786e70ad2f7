"""What every section of the report reads: the content, the input, the result and the plan,
the document being written, and the words (interface strings, names, numbers, answers)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from assessment import formats, progress
from assessment import plan as plan_mod
from assessment.answers import AnswerValue
from assessment.content import Content
from assessment.pdf import PAGE, PAGES, Document, clean
from assessment.scoring import score

if TYPE_CHECKING:
    from assessment.report import ReportInput


def plain(text: str) -> str:
    """Our own interface strings without their markdown emphasis."""
    return text.replace("**", "").replace("*", "")


class Context:
    def __init__(self, content: Content, data: ReportInput) -> None:
        self.c = content
        self.d = data
        self.lang = data.lang
        self.result = score(content, data.answers)
        generated = plan_mod.generate(content, data.answers, self.result)
        self.actions = plan_mod.apply_edits(generated, data.edits)
        self.included = [a for a in self.actions if a.include]
        self.phases_on = data.parts != "questions"
        self.questions_on = data.parts != "phases"
        self.measured: dict[Any, float] = {}  # row heights the canvas measured (by content)
        self.doc = Document(
            title=self.t("report.title"),
            author=self.org_name,
            lang=self.lang,
            created=data.generated,
            footer_left=f"{self.org_name} · {self.t('report.title')}",
            footer_right=self.t("report.page", page=PAGE, total=PAGES),
        )

    @cached_property
    def comparison(self) -> progress.Comparison | None:
        """This scan compared with the previous one, when the report has one."""
        before = self.d.previous
        if before is None:
            return None
        after = self.d.current or progress.Scan(
            self.d.scanned or self.d.generated,
            self.c.version,
            self.d.answers,
            self.d.edits,
            self.d.organisation.name,
        )
        return progress.compare(self.c, before, after)

    def t(self, key: str, **params: Any) -> str:
        return self.c.t(key, self.lang, **params)

    @property
    def org_name(self) -> str:
        name = clean(self.d.organisation.name).strip()
        return name or self.t("report.org.unnamed")

    def phase_name(self, number: int) -> str:
        return self.c.phase_name(number, self.lang)

    def question_title(self, number: int) -> str:
        return f"{number}. {self.c.question(number).title(self.lang)}"

    def ref(self, item_id: str) -> str:
        return self.c.ref(item_id, self.lang)

    def item_text(self, item_id: str) -> str:
        return self.c.item(item_id)[0].text(self.lang)

    def index(self) -> str:
        return formats.index(self.result.index, self.lang)

    def when(self, a: plan_mod.Action) -> str:
        return (
            formats.date(a.due, self.lang, short=True) if a.due else self.t(f"horizon.{a.horizon}")
        )

    def answer(self, item_id: str, value: AnswerValue) -> str:
        """The answer's label on the item's own scale (a statement's or a sub-question's)."""
        if value is None:
            return self.t("report.unanswered")
        phase = self.c.item(item_id)[1]
        return self.c.scale("phase" if phase else "question").point(value).label(self.lang)
