-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.events (
  id BIGINT,
  `user` STRUCT<name: STRING, `from`: STRING>,
  `order` INT,
  `_private` MAP<STRING, ARRAY<INT>>,
  dt STRING,
  region STRING COMMENT 'Where the event was served'
)
USING PARQUET
PARTITIONED BY (dt, region)
LOCATION 's3://my-bucket/sales/events/'
COMMENT 'Served events, one folder per day and region';
ALTER TABLE main.sales.events ALTER COLUMN `user` SET TAGS ('pii' = 'PERSON_NAME');
ALTER TABLE main.sales.events ALTER COLUMN region SET TAGS ('geo' = '');

ALTER TABLE main.sales.events ADD IF NOT EXISTS
  PARTITION (dt = '2024-01-01', region = 'eu') LOCATION 's3://my-bucket/sales/events/dt=2024-01-01/region=eu/'
  PARTITION (dt = '2024-01-01', region = 'us') LOCATION 's3://my-bucket/sales/events/dt=2024-01-01/region=us/'
  PARTITION (dt = '2024-01-02', region = 'eu') LOCATION 's3://my-bucket/sales/events/dt=2024-01-02/region=eu/';
