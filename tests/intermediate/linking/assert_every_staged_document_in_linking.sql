-- No staged document is lost or duplicated by linking.
select documents.document_id
from {{ ref('stg_esdh__documents') }} as documents
left join {{ ref('int_documents_linked') }} as linked
    on documents.document_id = linked.document_id
where linked.document_id is null
