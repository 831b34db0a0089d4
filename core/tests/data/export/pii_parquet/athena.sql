CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

-- Column contact is tagged pii,pii:EMAIL (Glue column parameter glueprint.tags; DDL cannot set it).
-- Column ssn is tagged pii:USA_SSN (Glue column parameter glueprint.tags; DDL cannot set it).
-- Column card is tagged pii:CREDIT_CARD (Glue column parameter glueprint.tags; DDL cannot set it).
CREATE EXTERNAL TABLE IF NOT EXISTS sales.customers (
  customer_id bigint,
  contact string COMMENT 'E-mail address',
  phone string,
  ssn string,
  card string,
  ip string,
  notes string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://my-bucket/sales/customers/'
TBLPROPERTIES (
  'averageRecordSize' = '70',
  'classification' = 'parquet',
  'compressionType' = 'none',
  'objectCount' = '1',
  'recordCount' = '200',
  'sizeKey' = '14046',
  'typeOfData' = 'file'
);
