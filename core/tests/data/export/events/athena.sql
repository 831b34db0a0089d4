CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

-- Column user is tagged pii,pii:PERSON_NAME (Glue column parameter glueprint.tags; DDL cannot set it).
-- Column region is tagged geo (Glue column parameter glueprint.tags; DDL cannot set it).
CREATE EXTERNAL TABLE IF NOT EXISTS sales.events (
  id bigint,
  `user` struct<name:string,`from`:string>,
  `order` int,
  `_private` map<string,array<int>>
)
COMMENT 'Served events, one folder per day and region'
PARTITIONED BY (
  dt string,
  region string COMMENT 'Where the event was served'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://my-bucket/sales/events/'
TBLPROPERTIES (
  'classification' = 'parquet',
  'compressionType' = 'none',
  'typeOfData' = 'file'
);

ALTER TABLE sales.events ADD IF NOT EXISTS
  PARTITION (dt = '2024-01-01', region = 'eu') LOCATION 's3://my-bucket/sales/events/dt=2024-01-01/region=eu/'
  PARTITION (dt = '2024-01-01', region = 'us') LOCATION 's3://my-bucket/sales/events/dt=2024-01-01/region=us/'
  PARTITION (dt = '2024-01-02', region = 'eu') LOCATION 's3://my-bucket/sales/events/dt=2024-01-02/region=eu/';
