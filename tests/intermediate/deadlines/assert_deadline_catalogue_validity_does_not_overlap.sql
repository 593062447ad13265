-- At most one catalogue row applies on any date: validity ranges of one subject and key
-- never overlap (valid_to inclusive, empty = open-ended).
select
    earlier.subject,
    earlier.subject_key,
    earlier.valid_from,
    later.valid_from as overlapping_valid_from
from {{ ref('deadline_catalogue') }} as earlier
inner join {{ ref('deadline_catalogue') }} as later
    on
        earlier.subject = later.subject
        and earlier.subject_key = later.subject_key
        and earlier.valid_from < later.valid_from
where
    earlier.valid_to is null
    or earlier.valid_to >= later.valid_from
