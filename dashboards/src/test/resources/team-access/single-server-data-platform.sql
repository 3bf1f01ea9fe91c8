CREATE USER IF NOT EXISTS tally_team_views NOT IDENTIFIED HOST NONE
GRANT SELECT ON tally.* TO tally_team_views
CREATE DATABASE IF NOT EXISTS tally_team
CREATE OR REPLACE VIEW tally_team.cost_allocation_daily_latest DEFINER = tally_team_views SQL SECURITY DEFINER AS SELECT * FROM tally.cost_allocation_daily_latest
CREATE OR REPLACE VIEW tally_team.catalog_ownership_latest DEFINER = tally_team_views SQL SECURITY DEFINER AS SELECT * FROM tally.catalog_ownership_latest
CREATE OR REPLACE VIEW tally_team.usage_workload_hourly_latest DEFINER = tally_team_views SQL SECURITY DEFINER AS SELECT * FROM tally.usage_workload_hourly_latest
CREATE OR REPLACE VIEW tally_team.log_usage_hourly_latest DEFINER = tally_team_views SQL SECURITY DEFINER AS SELECT * FROM tally.log_usage_hourly_latest
CREATE OR REPLACE VIEW tally_team.rightsizing_recommendations_latest DEFINER = tally_team_views SQL SECURITY DEFINER AS SELECT * FROM tally.rightsizing_recommendations_latest
CREATE OR REPLACE VIEW tally_team.rightsizing_recommendations DEFINER = tally_team_views SQL SECURITY DEFINER AS SELECT * FROM tally.rightsizing_recommendations
CREATE ROLE IF NOT EXISTS tally_team_data_platform
GRANT SELECT ON tally_team.* TO tally_team_data_platform
CREATE ROW POLICY OR REPLACE tally_team_data_platform ON tally_team.cost_allocation_daily_latest FOR SELECT USING team = 'data-platform' TO tally_team_data_platform
CREATE ROW POLICY OR REPLACE tally_team_data_platform ON tally_team.catalog_ownership_latest FOR SELECT USING team = 'data-platform' TO tally_team_data_platform
CREATE ROW POLICY OR REPLACE tally_team_data_platform ON tally_team.usage_workload_hourly_latest FOR SELECT USING (cluster, namespace, workload_kind, workload_name) IN (SELECT cluster, namespace, workload_kind, workload_name FROM tally_team.catalog_ownership_latest WHERE team = 'data-platform') TO tally_team_data_platform
CREATE ROW POLICY OR REPLACE tally_team_data_platform ON tally_team.log_usage_hourly_latest FOR SELECT USING (cluster, namespace, workload_kind, workload_name) IN (SELECT cluster, namespace, workload_kind, workload_name FROM tally_team.catalog_ownership_latest WHERE team = 'data-platform') TO tally_team_data_platform
CREATE ROW POLICY OR REPLACE tally_team_data_platform ON tally_team.rightsizing_recommendations_latest FOR SELECT USING (cluster, namespace, workload_kind, workload_name) IN (SELECT cluster, namespace, workload_kind, workload_name FROM tally_team.catalog_ownership_latest WHERE team = 'data-platform') TO tally_team_data_platform
CREATE ROW POLICY OR REPLACE tally_team_data_platform ON tally_team.rightsizing_recommendations FOR SELECT USING (cluster, namespace, workload_kind, workload_name) IN (SELECT cluster, namespace, workload_kind, workload_name FROM tally_team.catalog_ownership_latest WHERE team = 'data-platform') TO tally_team_data_platform
CREATE USER IF NOT EXISTS grafana_data_platform IDENTIFIED WITH sha256_password BY '000102030405060708090a0b0c0d0e0f1011' DEFAULT ROLE tally_team_data_platform SETTINGS readonly = 2
GRANT tally_team_data_platform TO grafana_data_platform
