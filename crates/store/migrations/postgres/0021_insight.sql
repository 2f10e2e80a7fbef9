-- Insight releases (issue 5, part 6): the privacy gate's published tables
-- and each dataset's privacy budget. Only the gated, noised table is kept
-- here; raw responses stay in their own tables and never leave the node.

-- A dataset's privacy budget in millionths of ε. The total is fixed when
-- the first release is made (the node setting then), so a later change of
-- the setting never hands an old dataset fresh budget. Every release adds
-- to `spent_micro` in the statement that checks it still fits.
CREATE TABLE insight_budgets (
    source TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    total_micro BIGINT NOT NULL,
    spent_micro BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (source, dataset_id),
    CHECK (spent_micro >= 0 AND spent_micro <= total_micro)
);

CREATE TABLE insight_releases (
    id TEXT PRIMARY KEY,
    -- consultation, survey or local_reports, and that dataset's id.
    source TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    place_id TEXT NOT NULL REFERENCES places(id),
    -- The dataset's title when released (a consultation's title).
    dataset_title TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The question's position in the dataset, and its prompt as asked.
    question BIGINT NOT NULL,
    prompt TEXT NOT NULL,
    -- The answers' labels (JSON array), for a histogram.
    answers TEXT NOT NULL,
    statistic TEXT NOT NULL,
    by_area BIGINT NOT NULL DEFAULT 0,
    by_period BIGINT NOT NULL DEFAULT 0,
    epsilon_micro BIGINT NOT NULL,
    min_group BIGINT NOT NULL,
    mechanism TEXT NOT NULL,
    -- The published cells (JSON): area, period, answer, value (null: withheld).
    cells TEXT NOT NULL,
    suppressed BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX insight_releases_dataset ON insight_releases (source, dataset_id, created_at);
CREATE INDEX insight_releases_created ON insight_releases (created_at);
