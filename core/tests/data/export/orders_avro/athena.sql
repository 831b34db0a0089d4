CREATE DATABASE IF NOT EXISTS sales
COMMENT 'Sales data; owner: the \'data\' team'
LOCATION 's3://my-bucket/sales/'
WITH DBPROPERTIES (
  'team' = 'data'
);

CREATE EXTERNAL TABLE IF NOT EXISTS sales.orders_avro (
  id bigint,
  customer string,
  status string,
  amount decimal(10,2),
  placed_at timestamp,
  placed_on date,
  ref string,
  checksum binary,
  lines array<struct<sku:string,qty:int,unit:float>>,
  meta map<string,string>,
  either uniontype<int,string>,
  score double,
  ok boolean
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.avro.AvroSerDe'
WITH SERDEPROPERTIES (
  'avro.schema.literal' = '{"type":"record","doc":"An order <b>with</b> markup","name":"com.example.sales.Order","fields":[{"name":"id","type":"long"},{"default":null,"name":"customer","type":["null","string"]},{"name":"status","type":{"type":"enum","name":"com.example.sales.Status","symbols":["NEW","PAID","SHIPPED"]}},{"name":"amount","type":{"logicalType":"decimal","precision":10,"scale":2,"type":"bytes"}},{"name":"placed_at","type":{"logicalType":"timestamp-millis","type":"long"}},{"name":"placed_on","type":{"logicalType":"date","type":"int"}},{"name":"ref","type":{"logicalType":"uuid","type":"string"}},{"name":"checksum","type":{"type":"fixed","name":"com.example.sales.MD5","size":16}},{"name":"lines","type":{"type":"array","items":{"type":"record","name":"com.example.sales.Line","fields":[{"name":"sku","type":"string"},{"name":"qty","type":"int"},{"name":"unit","type":"float"}]}}},{"name":"meta","type":{"type":"map","values":"string"}},{"name":"either","type":["int","string"]},{"name":"score","type":"double"},{"name":"ok","type":"boolean"}]}',
  'serialization.format' = '1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat'
LOCATION 's3://my-bucket/sales/orders_avro/'
TBLPROPERTIES (
  'averageRecordSize' = '109',
  'avro.schema.literal' = '{"type":"record","doc":"An order <b>with</b> markup","name":"com.example.sales.Order","fields":[{"name":"id","type":"long"},{"default":null,"name":"customer","type":["null","string"]},{"name":"status","type":{"type":"enum","name":"com.example.sales.Status","symbols":["NEW","PAID","SHIPPED"]}},{"name":"amount","type":{"logicalType":"decimal","precision":10,"scale":2,"type":"bytes"}},{"name":"placed_at","type":{"logicalType":"timestamp-millis","type":"long"}},{"name":"placed_on","type":{"logicalType":"date","type":"int"}},{"name":"ref","type":{"logicalType":"uuid","type":"string"}},{"name":"checksum","type":{"type":"fixed","name":"com.example.sales.MD5","size":16}},{"name":"lines","type":{"type":"array","items":{"type":"record","name":"com.example.sales.Line","fields":[{"name":"sku","type":"string"},{"name":"qty","type":"int"},{"name":"unit","type":"float"}]}}},{"name":"meta","type":{"type":"map","values":"string"}},{"name":"either","type":["int","string"]},{"name":"score","type":"double"},{"name":"ok","type":"boolean"}]}',
  'classification' = 'avro',
  'compressionType' = 'none',
  'objectCount' = '1',
  'recordCount' = '200',
  'sizeKey' = '21934',
  'typeOfData' = 'file'
);
