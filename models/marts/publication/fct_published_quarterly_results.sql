-- The published quarterly figures (kvartalsvis målopfyldelse) per unit and ALL after
-- small-number suppression (diskretionering), with the previous quarter beside each row.
{{ published_with_previous_period('quarter', 4) }}
