-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.orders_avro (
  id BIGINT,
  customer STRING,
  status STRING,
  amount DECIMAL(10,2),
  placed_at TIMESTAMP,
  placed_on DATE,
  ref STRING,
  checksum BINARY,
  lines ARRAY<STRUCT<sku: STRING, qty: INT, unit: FLOAT>>,
  meta MAP<STRING, STRING>,
  either STRUCT<member0: INT, member1: STRING>,
  score DOUBLE,
  ok BOOLEAN
)
USING AVRO
LOCATION 's3://my-bucket/sales/orders_avro/';
