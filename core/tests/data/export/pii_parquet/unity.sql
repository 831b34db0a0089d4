-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.customers (
  customer_id BIGINT,
  contact STRING COMMENT 'E-mail address',
  phone STRING,
  ssn STRING,
  card STRING,
  ip STRING,
  notes STRING
)
USING PARQUET
LOCATION 's3://my-bucket/sales/customers/';
ALTER TABLE main.sales.customers ALTER COLUMN contact SET TAGS ('pii' = 'EMAIL');
ALTER TABLE main.sales.customers ALTER COLUMN ssn SET TAGS ('pii' = 'USA_SSN');
ALTER TABLE main.sales.customers ALTER COLUMN card SET TAGS ('pii' = 'CREDIT_CARD');
