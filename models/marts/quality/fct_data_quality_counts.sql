-- Data-quality figure (datakvalitetstal): per delivery, file, column and issue kind, how
-- many kept rows carry a value the warehouse could not use and therefore set to null (an
-- odd BorgerMedvirken, an unreadable Registreret or updated_at, a missing or invalid CPR)
-- or to unit UNKNOWN. Rows are rejected only for what a figure or a link needs (targets.md
-- "Real exports"); everything else is counted here instead of silently dropped.
select
    delivery_date,
    file_key,
    column_name,
    issue_kind,
    count(*) as row_count
from {{ ref('int_data_quality_issues_unioned') }}
where delivery_date <= {{ as_of_date() }}
group by
    delivery_date,
    file_key,
    column_name,
    issue_kind
