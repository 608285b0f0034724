from django import forms
from django.core.validators import URLValidator

from .readers import ACCEPTED_EXTENSIONS, refusal

# Only web pages: a ftp:// (or any other) address would never become a link.
WEB_URL = URLValidator(
    schemes=["http", "https"], message="Enter a web address (http:// or https://)."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every chosen file, as it came: each is judged on its own (see
    UploadForm.clean_files), so one bad file never refuses the batch."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f is not None and getattr(f, "name", None)]


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
            attrs={"accept": ",".join(sorted(ACCEPTED_EXTENSIONS)), "multiple": True}
        ),
    )
    published = forms.DateField(
        required=False,
        label="Publication date (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=PUBLISHED_HELP,
    )

    def clean_files(self) -> list:
        """The files a worker can read; ``self.refused`` names the others, each
        with its reason."""
        self.refused: list[tuple[str, str]] = []
        accepted = []
        for upload in self.cleaned_data["files"]:
            upload.seek(0)
            reason = refusal(upload.read(), upload.name)
            upload.seek(0)
            if reason:
                self.refused.append((upload.name, reason))
            else:
                accepted.append(upload)
        return accepted


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
