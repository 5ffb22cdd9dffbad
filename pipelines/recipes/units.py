"""Kitchen units for recipes: a re-export of :mod:`pipelines.language.measures`, Homebody's one
units module (the unit skill and recipes share its names, spoken forms and pint registry)."""

from ..language.measures import (
    COUNT_UNITS,
    canonical_unit,
    convert,
    dimension,
    is_known_unit,
    is_measure,
    singular,
    spoken_unit,
    unit_registry,
)

__all__ = [
    "COUNT_UNITS",
    "canonical_unit",
    "convert",
    "dimension",
    "is_known_unit",
    "is_measure",
    "singular",
    "spoken_unit",
    "unit_registry",
]
