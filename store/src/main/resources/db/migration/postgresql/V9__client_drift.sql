-- Client drift (the background sweep): the applied revision an instance last raised a drift event
-- for, so that each instance and revision raises one event across restarts and across nodes (the
-- node whose conditional UPDATE changes the row raises it). NULL: none yet. Keep in step with
-- ../sqlite/V9__client_drift.sql.
ALTER TABLE client_instances ADD COLUMN drift_reported_revision BIGINT;
