"""What an event's sources make of it, for the templates: copies of one story
grouped, and the dates the sources offer (timeline.corroboration)."""

from django import template

from timeline import corroboration
from timeline.models import Event

register = template.Library()


@register.filter
def story_groups(event: Event) -> list[corroboration.StoryGroup]:
    """The event's sources grouped by story: copies of one story together."""
    return corroboration.story_groups(event.sources.all())


@register.filter
def date_options(event: Event) -> list[corroboration.DateOption]:
    """The distinct dates the event's sources give, most supported first."""
    return corroboration.date_options(event)
