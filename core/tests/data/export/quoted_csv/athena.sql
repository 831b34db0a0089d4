CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE EXTERNAL TABLE IF NOT EXISTS sales.quoted_csv (
  id string,
  amount string,
  label string,
  active string,
  `when` string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (
  'escapeChar' = '\\',
  'quoteChar' = '"',
  'separatorChar' = ','
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://my-bucket/sales/quoted_csv/'
TBLPROPERTIES (
  'areColumnsQuoted' = 'true',
  'averageRecordSize' = '45',
  'classification' = 'csv',
  'columnsOrdered' = 'true',
  'compressionType' = 'none',
  'delimiter' = ',',
  'objectCount' = '1',
  'recordCount' = '200',
  'sizeKey' = '9048',
  'skip.header.line.count' = '1',
  'typeOfData' = 'file'
);
