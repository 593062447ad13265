-- Documents that belong to no case (ikke-tilknyttede dokumenter): their Sagsnummer names
-- no case and the citizen had no work-capacity case open on the document date.
select
    document_id,
    case_reference,
    citizen_key,
    document_date,
    title,
    delivery_date,
    source_file,
    row_number
from {{ ref('int_documents_linked') }}
where case_id is null
