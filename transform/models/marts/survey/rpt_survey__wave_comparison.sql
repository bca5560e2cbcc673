with

distribution as (
    select * from {{ ref('rpt_survey__item_distribution') }}
),

wave_tests as (
    select * from {{ ref('stg_survey__group_differences') }}
    where comparison = 'between_waves'
),

compared as (
    select
        wave,
        wave_year,
        wave_number,
        item_code,
        item_order,
        section,
        item_label,
        category,
        category_label,
        category_order,
        n_respondents,
        item_respondents,
        pct,
        net_agreement_pct,
        data_provenance,
        lag(wave) over previous_wave as previous_wave,
        lag(pct) over previous_wave as previous_pct,
        lag(net_agreement_pct) over previous_wave as previous_net_agreement_pct
    from distribution
    window previous_wave as (
        partition by item_code, category order by wave_year, wave_number
    )
),

final as (
    select
        compared.wave,
        compared.wave_year,
        compared.wave_number,
        compared.item_code,
        compared.item_order,
        compared.section,
        compared.item_label,
        compared.category,
        compared.category_label,
        compared.category_order,
        compared.n_respondents,
        compared.item_respondents,
        compared.pct,
        compared.previous_wave,
        compared.previous_pct,
        compared.pct - compared.previous_pct as change_pp,
        compared.net_agreement_pct,
        compared.previous_net_agreement_pct,
        compared.net_agreement_pct - compared.previous_net_agreement_pct
            as net_agreement_change_pp,
        wave_tests.effect_size as change_rank_biserial,
        wave_tests.effect_magnitude as change_effect_magnitude,
        wave_tests.p_holm as change_p_holm,
        compared.data_provenance
    from compared
    left join wave_tests
        on
            compared.wave = wave_tests.wave
            and compared.item_code = wave_tests.item_code
)

select * from final
