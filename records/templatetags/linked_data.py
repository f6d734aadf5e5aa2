"""``{% record_json_ld meeting %}``: the record page's schema.org data, as JSON-LD
(``records/linked_data.py``)."""

from django import template

from records import linked_data

register = template.Library()


@register.simple_tag(takes_context=True)
def record_json_ld(context, meeting):
    link = context["request"].build_absolute_uri
    return linked_data.json_ld_script(linked_data.record_graph(meeting, link=link))
