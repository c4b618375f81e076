"""Training data: readers, deduplication, grouped splits and the preparation run.

Training-time only: nothing here is imported by ``model/`` or packed into an archive. The names
most callers need are re-exported here so that ``from training.data import load_examples`` works.
"""

from training.data.dedup import DedupResult, deduplicate
from training.data.prepare import (
    PrepareConfig,
    load_label_map,
    order_labels,
    prepare_dataset,
    write_jsonl,
    write_splits,
)
from training.data.readers import (
    COMPLEXITY_COLUMNS,
    FAMILY_COLUMNS,
    LABEL_COLUMNS,
    MAX_REPORTED_PROBLEMS,
    SPLITS,
    TEXT_COLUMNS,
    DataError,
    Example,
    load_examples,
    load_labels_file,
    load_split,
)
from training.data.splits import shared_families, split_examples, split_report

__all__ = [
    "COMPLEXITY_COLUMNS",
    "FAMILY_COLUMNS",
    "LABEL_COLUMNS",
    "MAX_REPORTED_PROBLEMS",
    "SPLITS",
    "TEXT_COLUMNS",
    "DataError",
    "DedupResult",
    "Example",
    "PrepareConfig",
    "deduplicate",
    "load_examples",
    "load_label_map",
    "load_labels_file",
    "load_split",
    "order_labels",
    "prepare_dataset",
    "shared_families",
    "split_examples",
    "split_report",
    "write_jsonl",
    "write_splits",
]
