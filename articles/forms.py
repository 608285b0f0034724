from django import forms
from django.core.validators import URLValidator

# Only web pages: a ftp:// (or any other) address would never become a link.
WEB_URL = URLValidator(
    schemes=["http", "https"], message="Enter a web address (http:// or https://)."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


PUBLISHED_HELP = (
    "Relative dates (“last week”, “in March”) are read from this date. "
    "Leave it empty to take it from the file's metadata; Caseline asks when it "
    "cannot find one."
)


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        label="Files",
        widget=MultipleFileInput(
            attrs={"accept": ".txt,.md,.html,.htm,.pdf,.docx", "multiple": True}
        ),
    )
    published = forms.DateField(
        required=False,
        label="Publication date (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=PUBLISHED_HELP,
    )


class PasteForm(forms.Form):
    title = forms.CharField(max_length=500)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}))
    published = forms.DateField(
        required=False,
        label="Publication date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Relative dates (“last week”, “in March”) are read from this date.",
    )
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="URL (optional)",
        validators=[WEB_URL],
    )


class UrlForm(forms.Form):
    url = forms.URLField(
        assume_scheme="https", label="Article URL", validators=[WEB_URL]
    )
    published = forms.DateField(
        required=False,
        label="Publication date (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=PUBLISHED_HELP,
    )


class PublishedForm(forms.Form):
    published = forms.DateField(
        label="Publication date", widget=forms.DateInput(attrs={"type": "date"})
    )
