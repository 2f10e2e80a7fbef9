-- Running counts of consultation and survey answers (issue 5, insight at
-- scale). Each response adds 1 to the count of every answer it gives, in
-- the transaction that stores it, so an insight release reads a few
-- hundred counts instead of parsing a million JSON responses. Counts only:
-- no key, no person, no time finer than the response's own month.
-- `value` is the answer's option or scale point, or -1 for a text answer
-- (options and points are never negative). `area` and `period` are '' for
-- consultations, whose responses carry neither.
CREATE TABLE response_tallies (
    source TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    question BIGINT NOT NULL,
    area TEXT NOT NULL,
    period TEXT NOT NULL,
    value BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (source, dataset_id, question, area, period, value)
);

-- The responses stored before this migration, counted once.
INSERT INTO response_tallies (source, dataset_id, question, area, period, value, n)
SELECT 'survey', r.survey_id, a.ord - 1, r.area, r.period,
       CASE jsonb_typeof(a.item) WHEN 'number' THEN CAST(a.item #>> '{}' AS BIGINT) ELSE -1 END, COUNT(*)
FROM survey_responses r
CROSS JOIN LATERAL jsonb_array_elements(CAST(r.answers AS jsonb)) WITH ORDINALITY AS a(item, ord)
WHERE jsonb_typeof(a.item) IN ('number', 'string')
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO response_tallies (source, dataset_id, question, area, period, value, n)
SELECT 'consultation', r.consultation_id, a.ord - 1, '', '',
       CASE jsonb_typeof(a.item) WHEN 'number' THEN CAST(a.item #>> '{}' AS BIGINT) ELSE -1 END, COUNT(*)
FROM consultation_responses r
CROSS JOIN LATERAL jsonb_array_elements(CAST(r.answers AS jsonb)) WITH ORDINALITY AS a(item, ord)
WHERE jsonb_typeof(a.item) IN ('number', 'string')
GROUP BY 1, 2, 3, 4, 5, 6;
