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
) WITHOUT ROWID;

-- The responses stored before this migration, counted once.
INSERT INTO response_tallies (source, dataset_id, question, area, period, value, n)
SELECT 'survey', r.survey_id, CAST(a.key AS INTEGER), r.area, r.period,
       CASE a.type WHEN 'integer' THEN a.value ELSE -1 END, COUNT(*)
FROM survey_responses r, json_each(r.answers) a
WHERE a.type IN ('integer', 'text')
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO response_tallies (source, dataset_id, question, area, period, value, n)
SELECT 'consultation', r.consultation_id, CAST(a.key AS INTEGER), '', '',
       CASE a.type WHEN 'integer' THEN a.value ELSE -1 END, COUNT(*)
FROM consultation_responses r, json_each(r.answers) a
WHERE a.type IN ('integer', 'text')
GROUP BY 1, 2, 3, 4, 5, 6;
