-- What's on across a whole node (its home page, the events list and the
-- API without a place) reads one-off events by their start and repeating
-- series by their first start, each read apart so neither crowds the other
-- out (`events::upcoming`). Without an index in either order, every such
-- read sorted all the node's events: the node's home page took 170 ms at
-- 2,000 records in `plural-bench table`.
CREATE INDEX events_one_offs_by_start ON events (last_starts_at) WHERE rrule IS NULL;
CREATE INDEX events_series_by_start ON events (starts_at) WHERE rrule IS NOT NULL;
