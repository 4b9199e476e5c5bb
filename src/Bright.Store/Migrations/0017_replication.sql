-- Distributed mode: dead letters, data-quality flags and alert acknowledgements travel on the cluster's log like
-- events, and each node applies them to its own store. log_key names a record's place in the log (the stream
-- entry's id and the record's index in it), so applying it twice stores it once. Null for records made in the
-- embedded mode.
ALTER TABLE dead_letters ADD COLUMN log_key VARCHAR;
ALTER TABLE data_quality_flags ADD COLUMN log_key VARCHAR;
ALTER TABLE alert_ack ADD COLUMN log_key VARCHAR;
