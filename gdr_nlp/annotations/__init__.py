"""Gold annotations: the JSONL format, its validator and the Label Studio round trip.

See ``annotations/GUIDELINES.md`` for the format and the labelling rules.
"""

from gdr_nlp.annotations.io import LABELS_VERSION, canonical, dumps_doc, load_docs, normalized_text, parse_cell, write_jsonl

__all__ = ["LABELS_VERSION", "canonical", "dumps_doc", "load_docs", "normalized_text", "parse_cell", "write_jsonl"]
