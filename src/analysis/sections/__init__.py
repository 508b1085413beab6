"""Report sections: what each notebook shows, assembled from data, metrics and charts.

A notebook cell calls one function here and displays what it returns, so notebooks stay thin
and every number in the text comes from the data.
"""
