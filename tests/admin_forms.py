"""Posting admin change forms as a browser would: what the page showed, then edited."""

from django.forms import MultiWidget


def change_form_data(response) -> dict:
    """The POST data of an admin change page as it was opened: the form (with the version it
    was opened at) and every inline formset, nothing edited yet."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = field.prepare_value(bound.value())
            if isinstance(field.widget, MultiWidget):
                parts = field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "" if value is None else value
    return data


def opened_versions(*records) -> dict:
    """The hidden field of a change form opened now on the page guarded by ``records``."""
    keys = (
        f"{record._meta.model_name}:{record.pk}:{type(record).objects.get(pk=record.pk).version}"
        for record in records
    )
    return {"opened_versions": " ".join(keys)}
