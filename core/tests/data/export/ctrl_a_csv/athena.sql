CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE EXTERNAL TABLE IF NOT EXISTS sales.ctrl_a_csv (
  id bigint,
  amount double,
  label string,
  active boolean,
  `when` string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
WITH SERDEPROPERTIES (
  'field.delim' = '\001'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://my-bucket/sales/ctrl_a_csv/'
TBLPROPERTIES (
  'areColumnsQuoted' = 'false',
  'averageRecordSize' = '35',
  'classification' = 'csv',
  'columnsOrdered' = 'true',
  'compressionType' = 'none',
  'delimiter' = '\001',
  'objectCount' = '1',
  'recordCount' = '200',
  'sizeKey' = '7034',
  'skip.header.line.count' = '1',
  'typeOfData' = 'file'
);
