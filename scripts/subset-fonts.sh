#!/usr/bin/env bash
# Makes the two fonts that draw the social cards (aictdata/exporters/images.py):
# DejaVu Sans and DejaVu Sans Bold from Debian's fonts-dejavu-core, cut down with fontTools
# to the characters French and English text uses (Latin-1, Latin Extended-A for œ, the
# typographic quotes, dashes, spaces and €). Shipping them in the package makes the cards
# the same bytes on every machine, whatever fonts it has. Run by hand when the glyph set
# must change (needs `apt-get install fonts-dejavu-core` and `pip install fonttools`).
set -euo pipefail
cd "$(dirname "$0")/.."
source=/usr/share/fonts/truetype/dejavu
unicodes="U+0020-007E,U+00A0-00FF,U+0100-017F,U+2010-2027,U+202F,U+2039-203A,U+20AC"
for name in DejaVuSans DejaVuSans-Bold; do
  .venv/bin/pyftsubset "$source/$name.ttf" --unicodes="$unicodes" \
    --layout-features='kern,liga' --no-hinting --desubroutinize \
    --output-file="aictdata/static/fonts/$name-Latin.ttf"
done
