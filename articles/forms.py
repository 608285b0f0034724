from django import forms


class PasteForm(forms.Form):
    title = forms.CharField(max_length=500)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}))
    published = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Relative dates (“last week”, “in March”) are read from this date.",
    )
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(required=False, assume_scheme="https")
