CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE EXTERNAL TABLE IF NOT EXISTS sales.nested_orc (
  id bigint,
  tags array<string>,
  address struct<street:string,zip:string,geo:struct<lat:double,lon:double>>,
  attrs map<string,int>,
  events array<struct<kind:string,at:bigint>>,
  matrix array<array<bigint>>
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.orc.OrcSerde'
WITH SERDEPROPERTIES (
  'serialization.format' = '1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat'
LOCATION 's3://my-bucket/sales/nested_orc/'
TBLPROPERTIES (
  'averageRecordSize' = '59',
  'classification' = 'orc',
  'compressionType' = 'none',
  'objectCount' = '1',
  'recordCount' = '200',
  'sizeKey' = '11807',
  'typeOfData' = 'file'
);
