{#- The one declared list of the figure models (issue 12): each model under
    models/intermediate/targets/ named int_target_<figure or family> holds the population,
    the compliance flag and the period of its figures, one row per member, in the member
    shape of fct_target_members first. A new figure is a new model added here. -#}
{% macro target_member_models() %}
    {{ return([
        'int_target_profile_before_decision',
        'int_target_citizen_involved',
        'int_target_deadline_or_notice',
        'int_target_flexjob_guidance_noted',
        'int_target_hearing_before_refusal',
        'int_target_case_time_measurement',
        'int_target_complaint_reassessed',
        'int_target_formality_complaints',
        'int_target_external_reversal_rate',
        'int_target_access_request_answered',
        'int_target_feedback_guarantee',
        'int_target_open_overdue_without_notice',
    ]) }}
{% endmacro %}


{#- Every member of every figure at its measured grain: the models of
    target_member_models() in one union, in the member shape (no other column). -#}
{% macro union_target_members() %}
    {%- for model_name in target_member_models() %}
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        member_kind,
        member_id,
        is_compliant,
        member_value,
        period_date
    from {{ ref(model_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
