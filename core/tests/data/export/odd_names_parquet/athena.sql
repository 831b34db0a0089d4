CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

-- Table sales.odd_names has no location: add LOCATION 's3://bucket/prefix/' before querying it.
CREATE EXTERNAL TABLE IF NOT EXISTS sales.odd_names (
  id bigint,
  id_ bigint,
  `weird name!` string COMMENT 'Was \'Weird Name!\' in the file kept as is',
  `ünïcode` string
)
COMMENT 'Odd names: it\'s "quoted",\nsecond line with ${not_a_var} %{not_a_directive} and a \\ backslash'
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
TBLPROPERTIES (
  'averageRecordSize' = '630',
  'classification' = 'parquet',
  'compressionType' = 'none',
  'objectCount' = '1',
  'recordCount' = '2',
  'sizeKey' = '1261',
  'typeOfData' = 'file'
);
