-- Values the warehouse kept but could not use (datakvalitet), one row per landed row,
-- column and issue: rows are rejected only for what a figure or a link needs (targets.md
-- "Real exports"), so an odd value elsewhere is null (or UNKNOWN) and counted here.
-- Only kept rows (not rejected), of every delivery: the mart keeps those on or before as-of.
-- One check per entry of the declared list below (base model, the export's column, the
-- issue kind, the condition), unioned by one loop: a case or document without a usable
-- CPR (kept, citizen_key null); a system B unit_id no seed knows and a free-text unit name
-- that matches no unit (unit UNKNOWN); an unreadable updated_at of system B, an odd
-- BorgerMedvirken (the citizen did not take part) and an unreadable Registreret (null).
{%- set cpr_issue = "case when cpr_status = 'missing' then 'missing_cpr' else 'invalid_cpr' end" %}
{%- set cpr_unusable = "coalesce(cpr_status, 'missing') <> 'ok'" %}
{%- set unit_unknown = "unit_id = 'UNKNOWN'" %}
{%- set issue_checks = [
    {'model': 'base_sagssystem_a__cases', 'column': 'cpr', 'issue': cpr_issue, 'when': cpr_unusable},
    {'model': 'base_sagssystem_b__cases', 'column': 'cpr', 'issue': cpr_issue, 'when': cpr_unusable},
    {'model': 'base_esdh__documents', 'column': 'cpr', 'issue': cpr_issue, 'when': cpr_unusable},
    {'model': 'base_sagssystem_b__cases', 'column': 'unit_id', 'issue': "'unknown_unit'", 'when': unit_unknown},
    {'model': 'base_klageregister__complaints', 'column': 'enhed', 'issue': "'unknown_unit'", 'when': unit_unknown},
    {'model': 'base_aktindsigt__access_requests', 'column': 'enhed', 'issue': "'unknown_unit'", 'when': unit_unknown},
    {'model': 'base_henvendelser__inquiries', 'column': 'enhed', 'issue': "'unknown_unit'", 'when': unit_unknown},
    {'model': 'base_sagssystem_a__cases', 'column': 'enhed', 'issue': "'unknown_unit'", 'when': unit_unknown},
    {'model': 'base_sagssystem_b__cases', 'column': 'updated_at', 'issue': 'updated_at_issue', 'when': 'updated_at_issue is not null'},
    {'model': 'base_esdh__documents', 'column': 'borgermedvirken', 'issue': "'unknown_code'", 'when': 'is_citizen_participation_unreadable'},
    {'model': 'base_esdh__documents', 'column': 'registreret', 'issue': 'registered_at_issue', 'when': 'registered_at_issue is not null'},
] %}

{% for check in issue_checks %}
    select
        file_key,
        delivery_date,
        row_number,
        '{{ check.column }}' as column_name,
        {{ check.issue }} as issue_kind
    from {{ ref(check.model) }}
    where reject_reason is null and {{ check.when }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
