-- Validation rule: in a district, exam and year, candidates who passed never outnumber
-- those who appeared.
select
    district_pcode,
    exam_year,
    exam,
    exam_session,
    count(*) filter (where appeared) as appeared,
    count(*) filter (where passed) as passed

from {{ ref('fct_exam_results') }}
group by district_pcode, exam_year, exam, exam_session
having count(*) filter (where passed) > count(*) filter (where appeared)
