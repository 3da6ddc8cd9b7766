"""Building the report: validation, inputs and fingerprint, the notebooks' parameters,
executing notebooks, numbering, HTML and PDF export, and the command line."""
