"""Building the report: validation, inputs and fingerprint, the notebooks' parameters,
executing notebooks, numbering, HTML and PDF export, and the command line."""

import sys

# nbformat imports jsonschema, whose format checkers import rfc3987_syntax when it is
# installed (jupyter-events pulls it in). That module compiles some 35 Earley parsers at
# import: about 0.7 s of every build, for the "iri" format that no notebook schema uses
# (python-jsonschema/jsonschema#1428). Marked absent, it is skipped as jsonschema skips
# any missing optional checker; a process that imported it already keeps it.
sys.modules.setdefault("rfc3987_syntax", None)
