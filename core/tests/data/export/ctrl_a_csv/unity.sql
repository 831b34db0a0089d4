-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.ctrl_a_csv (
  id BIGINT,
  amount DOUBLE,
  label STRING,
  active BOOLEAN,
  `when` STRING
)
USING CSV
OPTIONS (
  'delimiter' = '\001',
  'header' = 'true'
)
LOCATION 's3://my-bucket/sales/ctrl_a_csv/';
