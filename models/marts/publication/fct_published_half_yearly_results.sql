-- The published half-yearly figures (halvårlig afrapportering) per unit and ALL after
-- small-number suppression (diskretionering), with the previous half-year beside each row.
{{ published_with_previous_period('half_year', 2) }}
