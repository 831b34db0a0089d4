-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE TABLE IF NOT EXISTS main.sales.records_json (
  id INT,
  `user` STRUCT<name: STRING, age: INT, emails: ARRAY<STRING>>,
  score DOUBLE,
  ok BOOLEAN,
  extra STRUCT<nested: STRUCT<deep: ARRAY<INT>>>
)
USING JSON
LOCATION 's3://my-bucket/sales/records_json/';
