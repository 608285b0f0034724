import re

from django import forms

from articles.models import Article
from extraction.datevalue import DateValue

from .models import Case, Event, Membership


class EventForm(forms.Form):
    """The fields a person edits; the date's precision is the form it is written in,
    so an event is never shown more precisely than someone wrote it."""

    date = forms.CharField(
        max_length=10,
        help_text="2022, 2022-03 or 2022-03-05: only as precise as the sources.",
    )
    qualifier = forms.ChoiceField(choices=Event.Qualifier.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    actors = forms.CharField(
        required=False,
        label="People and organisations",
        help_text="Separated by commas.",
    )

    def clean_date(self) -> str:
        value = self.cleaned_data["date"].strip()
        if not DateValue.looks_like(value):
            raise forms.ValidationError(
                "Write the date as 2022, 2022-03 or 2022-03-05."
            )
        try:
            DateValue.parse(value)
        except ValueError:
            raise forms.ValidationError("There is no such date.") from None
        return value

    def clean_actors(self) -> list[str]:
        names = []
        for name in self.cleaned_data["actors"].split(","):
            name = " ".join(name.split())
            if name and name not in names:
                names.append(name)
        return names

    def event_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            **Event.date_fields(DateValue.parse(data["date"])),
            "qualifier": data["qualifier"],
            "summary": data["summary"].strip(),
            "actors": data["actors"],
        }

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, object]:
        return {
            "date": event.date_value,
            "qualifier": event.qualifier,
            "summary": event.summary,
            "actors": ", ".join(event.actors),
            "version": event.version,
        }


class EventEditForm(EventForm):
    # The version the form was loaded at: the save only succeeds if the event is
    # still at it, so nobody overwrites a change they have not seen.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The form replaces the row it edits: start typing where the date is.
        self.fields["date"].widget.attrs["autofocus"] = True


class EventCreateForm(EventForm):
    article = forms.ModelChoiceField(
        queryset=Article.objects.none(),
        required=False,
        label="Source article (optional)",
        empty_label="No source",
    )
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Sentence from the article",
        help_text="Paste the sentence that reports the event, as it is written.",
    )

    field_order = ["date", "qualifier", "summary", "actors", "article", "quote"]

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = case.articles.order_by(
            "-published", "title"
        ).only("id", "title", "outlet", "published", "case_id")
        self.fields["article"].label_from_instance = article_label

    def clean(self) -> dict[str, object]:
        data = super().clean()
        article, quote = data.get("article"), (data.get("quote") or "").strip()
        data["span"] = None
        if quote and not article:
            self.add_error("article", "Pick the article the sentence is from.")
        elif article and quote:
            text = Article.objects.values_list("text", flat=True).get(pk=article.pk)
            span = find_quote(text, quote)
            if span is None:
                self.add_error("quote", "This sentence is not in the article.")
            else:
                article.text = text
                data["span"] = span
        return data


def article_label(article: Article) -> str:
    parts = [article.outlet, article.title]
    if article.published:
        parts.append(article.published.isoformat())
    return " · ".join(p for p in parts if p)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``, ignoring differences in whitespace (pasted
    quotes lose line breaks)."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        widget=forms.RadioSelect, label="Keep the date and place of"
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, events: list[Event], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(e.code), f"{e.display_date}: {e.summary[:80]}") for e in events
        ]


class MoveSourceForm(forms.Form):
    target = forms.ChoiceField(label="Move the sentence to")

    def __init__(self, *args, events: list[Event], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (str(e.code), f"{e.display_date}: {e.summary[:90]}") for e in events
        ]


class CaseForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the case is about, for colleagues and the exports.",
    )


class MemberAddForm(forms.Form):
    user = forms.CharField(
        max_length=254,
        label="Username or e-mail",
        help_text="The colleague must already have a Caseline account.",
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices, initial=Membership.Role.JOURNALIST
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
