-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.quoted_csv (
  id STRING,
  amount STRING,
  label STRING,
  active STRING,
  `when` STRING
)
USING CSV
OPTIONS (
  'delimiter' = ',',
  'quote' = '"',
  'escape' = '\\',
  'header' = 'true'
)
LOCATION 's3://my-bucket/sales/quoted_csv/';
