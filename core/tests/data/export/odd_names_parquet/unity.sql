-- Database location s3://my-bucket/sales/ is not carried: a Unity MANAGED LOCATION is for managed tables.
CREATE SCHEMA IF NOT EXISTS main.sales
COMMENT 'Sales data; owner: the \'data\' team'
WITH DBPROPERTIES (
  'team' = 'data'
);

-- Table sales.odd_names has no location: add LOCATION 's3://bucket/prefix/' (without one Unity Catalog makes a managed table instead of one over the files).
CREATE TABLE IF NOT EXISTS main.sales.odd_names (
  id BIGINT,
  id_ BIGINT,
  `weird name!` STRING COMMENT 'Was \'Weird Name!\' in the file kept as is',
  `ünïcode` STRING
)
USING PARQUET
COMMENT 'Odd names: it\'s "quoted",\nsecond line with ${not_a_var} %{not_a_directive} and a \\ backslash';
