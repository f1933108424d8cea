"""Gold annotations: the JSONL format, its validator and the Label Studio round trip.

See ``annotations/GUIDELINES.md`` for the format and the labelling rules.
"""

from gdr_nlp.annotations.io import (
    LABELS_VERSION,
    canonical,
    dumps_doc,
    load_docs,
    normalized_text,
    parse_cell,
    write_jsonl,
)
from gdr_nlp.annotations.label_studio import export_label_studio, import_label_studio, pipeline_predictor
from gdr_nlp.annotations.validate import validate

__all__ = [
    "LABELS_VERSION",
    "canonical",
    "dumps_doc",
    "export_label_studio",
    "import_label_studio",
    "load_docs",
    "normalized_text",
    "parse_cell",
    "pipeline_predictor",
    "validate",
    "write_jsonl",
]
