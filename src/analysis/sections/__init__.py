"""Report sections: what each notebook shows, assembled from data, metrics and charts.

A notebook cell calls one function here and displays what it returns, so notebooks stay thin
and every number in the text comes from the data.
"""


def domains() -> dict:
    """Every domain module by name (:class:`analysis.sections.domain.Domain`: load, header,
    headlines, key figures, ``SECTIONS``, sources, batch figures)."""
    from analysis.sections import casualties, control, displacement, trends

    return {
        "casualties": casualties,
        "trends": trends,
        "displacement": displacement,
        "control": control,
    }
