CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE EXTERNAL TABLE IF NOT EXISTS sales.records_json (
  id int,
  `user` struct<name:string,age:int,emails:array<string>>,
  score double,
  ok boolean,
  extra struct<nested:struct<deep:array<int>>>
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'paths' = 'id,user,score,ok,extra'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://my-bucket/sales/records_json/'
TBLPROPERTIES (
  'averageRecordSize' = '120',
  'classification' = 'json',
  'compressionType' = 'none',
  'objectCount' = '1',
  'recordCount' = '200',
  'sizeKey' = '24006',
  'typeOfData' = 'file'
);
