# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_orders_avro" {
  name          = "orders_avro"
  database_name = aws_glue_catalog_database.sales.name
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "averageRecordSize"   = "109"
    "avro.schema.literal" = "{\"type\":\"record\",\"doc\":\"An order <b>with</b> markup\",\"name\":\"com.example.sales.Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"default\":null,\"name\":\"customer\",\"type\":[\"null\",\"string\"]},{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"com.example.sales.Status\",\"symbols\":[\"NEW\",\"PAID\",\"SHIPPED\"]}},{\"name\":\"amount\",\"type\":{\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2,\"type\":\"bytes\"}},{\"name\":\"placed_at\",\"type\":{\"logicalType\":\"timestamp-millis\",\"type\":\"long\"}},{\"name\":\"placed_on\",\"type\":{\"logicalType\":\"date\",\"type\":\"int\"}},{\"name\":\"ref\",\"type\":{\"logicalType\":\"uuid\",\"type\":\"string\"}},{\"name\":\"checksum\",\"type\":{\"type\":\"fixed\",\"name\":\"com.example.sales.MD5\",\"size\":16}},{\"name\":\"lines\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"com.example.sales.Line\",\"fields\":[{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"},{\"name\":\"unit\",\"type\":\"float\"}]}}},{\"name\":\"meta\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},{\"name\":\"either\",\"type\":[\"int\",\"string\"]},{\"name\":\"score\",\"type\":\"double\"},{\"name\":\"ok\",\"type\":\"boolean\"}]}"
    "classification"      = "avro"
    "compressionType"     = "none"
    "objectCount"         = "1"
    "recordCount"         = "200"
    "sizeKey"             = "21934"
    "typeOfData"          = "file"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/orders_avro/"
    input_format              = "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "averageRecordSize"   = "109"
      "avro.schema.literal" = "{\"type\":\"record\",\"doc\":\"An order <b>with</b> markup\",\"name\":\"com.example.sales.Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"default\":null,\"name\":\"customer\",\"type\":[\"null\",\"string\"]},{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"com.example.sales.Status\",\"symbols\":[\"NEW\",\"PAID\",\"SHIPPED\"]}},{\"name\":\"amount\",\"type\":{\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2,\"type\":\"bytes\"}},{\"name\":\"placed_at\",\"type\":{\"logicalType\":\"timestamp-millis\",\"type\":\"long\"}},{\"name\":\"placed_on\",\"type\":{\"logicalType\":\"date\",\"type\":\"int\"}},{\"name\":\"ref\",\"type\":{\"logicalType\":\"uuid\",\"type\":\"string\"}},{\"name\":\"checksum\",\"type\":{\"type\":\"fixed\",\"name\":\"com.example.sales.MD5\",\"size\":16}},{\"name\":\"lines\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"com.example.sales.Line\",\"fields\":[{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"},{\"name\":\"unit\",\"type\":\"float\"}]}}},{\"name\":\"meta\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},{\"name\":\"either\",\"type\":[\"int\",\"string\"]},{\"name\":\"score\",\"type\":\"double\"},{\"name\":\"ok\",\"type\":\"boolean\"}]}"
      "classification"      = "avro"
      "compressionType"     = "none"
      "objectCount"         = "1"
      "recordCount"         = "200"
      "sizeKey"             = "21934"
      "typeOfData"          = "file"
    }

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.serde2.avro.AvroSerDe"
      parameters = {
        "avro.schema.literal"  = "{\"type\":\"record\",\"doc\":\"An order <b>with</b> markup\",\"name\":\"com.example.sales.Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"default\":null,\"name\":\"customer\",\"type\":[\"null\",\"string\"]},{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"com.example.sales.Status\",\"symbols\":[\"NEW\",\"PAID\",\"SHIPPED\"]}},{\"name\":\"amount\",\"type\":{\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2,\"type\":\"bytes\"}},{\"name\":\"placed_at\",\"type\":{\"logicalType\":\"timestamp-millis\",\"type\":\"long\"}},{\"name\":\"placed_on\",\"type\":{\"logicalType\":\"date\",\"type\":\"int\"}},{\"name\":\"ref\",\"type\":{\"logicalType\":\"uuid\",\"type\":\"string\"}},{\"name\":\"checksum\",\"type\":{\"type\":\"fixed\",\"name\":\"com.example.sales.MD5\",\"size\":16}},{\"name\":\"lines\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"com.example.sales.Line\",\"fields\":[{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"},{\"name\":\"unit\",\"type\":\"float\"}]}}},{\"name\":\"meta\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},{\"name\":\"either\",\"type\":[\"int\",\"string\"]},{\"name\":\"score\",\"type\":\"double\"},{\"name\":\"ok\",\"type\":\"boolean\"}]}"
        "serialization.format" = "1"
      }
    }

    columns {
      name = "id"
      type = "bigint"
    }

    columns {
      name = "customer"
      type = "string"
    }

    columns {
      name = "status"
      type = "string"
    }

    columns {
      name = "amount"
      type = "decimal(10,2)"
    }

    columns {
      name = "placed_at"
      type = "timestamp"
    }

    columns {
      name = "placed_on"
      type = "date"
    }

    columns {
      name = "ref"
      type = "string"
    }

    columns {
      name = "checksum"
      type = "binary"
    }

    columns {
      name = "lines"
      type = "array<struct<sku:string,qty:int,unit:float>>"
    }

    columns {
      name = "meta"
      type = "map<string,string>"
    }

    columns {
      name = "either"
      type = "uniontype<int,string>"
    }

    columns {
      name = "score"
      type = "double"
    }

    columns {
      name = "ok"
      type = "boolean"
    }
  }
}
