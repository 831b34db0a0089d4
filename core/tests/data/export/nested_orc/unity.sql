-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.nested_orc (
  id BIGINT,
  tags ARRAY<STRING>,
  address STRUCT<street: STRING, zip: STRING, geo: STRUCT<lat: DOUBLE, lon: DOUBLE>>,
  attrs MAP<STRING, INT>,
  events ARRAY<STRUCT<kind: STRING, at: BIGINT>>,
  matrix ARRAY<ARRAY<BIGINT>>
)
USING ORC
LOCATION 's3://my-bucket/sales/nested_orc/';
