"""What Qt computes with ICU data for an English interface; prints one JSON object.

Run by packaging/icu_data.py with the full and with the trimmed ICU data: the two outputs
must be equal. Covers collation (root and English tailorings, which most European locales
share), case mapping, time zones with English names, word boundaries and dates.
"""

import json
from functools import cmp_to_key

from PySide6.QtCore import (
    QCollator,
    QDateTime,
    QLocale,
    QStringDecoder,
    QTextBoundaryFinder,
    QTimeZone,
)

WORDS = ["zebra", "Apple", "éclair", "apple", "Zoë", "banana", "10 eggs", "9 eggs", "Ångström"]
out: dict[str, object] = {}
for name in ("en_US", "en_GB", "en_IN", "C", "de_DE", "fr_FR", "it_IT", "nl_NL"):
    locale = QLocale(name)
    collator = QCollator(locale)
    collator.setNumericMode(True)
    out[f"sort {name}"] = sorted(WORDS, key=cmp_to_key(collator.compare))
    collator.setCaseSensitivity(collator.caseSensitivity().CaseInsensitive)
    out[f"sort insensitive {name}"] = sorted(WORDS, key=cmp_to_key(collator.compare))
    out[f"upper {name}"] = locale.toUpper("straße ﬁx istanbul café")
    out[f"lower {name}"] = locale.toLower("İSTANBUL ΣΟΦΟΣ ÉCLAIR")
english = QLocale("en_US")
names = []
for zone_id in (b"Europe/Berlin", b"America/New_York", b"Asia/Tokyo", b"Australia/Sydney"):
    zone = QTimeZone(zone_id)
    for kind in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName):
        names.append(zone.displayName(QTimeZone.TimeType.StandardTime, kind, english))
out["zones"] = [len(QTimeZone.availableTimeZoneIds()), names]
finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, "Hello, world! It's 3:45.")
boundaries = []
while (position := finder.toNextBoundary()) != -1:
    boundaries.append(position)
out["word boundaries"] = boundaries
# Scripts written without spaces: ICU would need its word dictionaries, which the trimmed data
# leaves out; Qt must find the same boundaries with and without them.
for script, text in (
    ("thai", "สวัสดีครับ ยินดีต้อนรับ"),
    ("japanese", "今日は良い天気ですね。"),
    ("khmer", "សួស្តីពិភពលោក"),
):
    for kind in (QTextBoundaryFinder.BoundaryType.Word, QTextBoundaryFinder.BoundaryType.Line):
        finder = QTextBoundaryFinder(kind, text)
        found = []
        while (position := finder.toNextBoundary()) != -1:
            found.append(position)
        out[f"{kind.name} boundaries {script}"] = found
epoch = QDateTime.fromSecsSinceEpoch(0, QTimeZone.utc())
out["date"] = english.toString(epoch, QLocale.FormatType.LongFormat)
out["unicode decoders"] = [QStringDecoder(n).isValid() for n in ("UTF-8", "UTF-16LE", "ISO-8859-1")]
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
