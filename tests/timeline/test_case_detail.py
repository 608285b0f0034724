from timeline.models import Event


def test_it_shows_events_with_their_sources(client, journalist, case, event):
    client.force_login(journalist)
    page = client.get(case.get_absolute_url()).text
    assert "Oct. 19, 2022" in page
    assert "The producers said filming resumes" in page
    assert "<mark>Wednesday</mark>" in page
    assert "&#x27;Wednesday&#x27; → 19 Oct 2022" in page


def test_month_precision_sorts_before_the_days_of_its_month(
    client, journalist, case, event
):
    Event.objects.create(
        case=case,
        date=event.date.replace(day=1),
        precision=Event.Precision.MONTH,
        summary="Settlement announced",
        origin=Event.Origin.PERSON,
    )
    client.force_login(journalist)
    page = client.get(case.get_absolute_url()).text
    assert page.index("October 2022") < page.index("Oct. 19, 2022")
