# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_records_json" {
  name          = "records_json"
  database_name = aws_glue_catalog_database.sales.name
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "averageRecordSize" = "120"
    "classification"    = "json"
    "compressionType"   = "none"
    "objectCount"       = "1"
    "recordCount"       = "200"
    "sizeKey"           = "24006"
    "typeOfData"        = "file"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/records_json/"
    input_format              = "org.apache.hadoop.mapred.TextInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "averageRecordSize" = "120"
      "classification"    = "json"
      "compressionType"   = "none"
      "objectCount"       = "1"
      "recordCount"       = "200"
      "sizeKey"           = "24006"
      "typeOfData"        = "file"
    }

    ser_de_info {
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
      parameters = {
        "paths" = "id,user,score,ok,extra"
      }
    }

    columns {
      name = "id"
      type = "int"
    }

    columns {
      name = "user"
      type = "struct<name:string,age:int,emails:array<string>>"
    }

    columns {
      name = "score"
      type = "double"
    }

    columns {
      name = "ok"
      type = "boolean"
    }

    columns {
      name = "extra"
      type = "struct<nested:struct<deep:array<int>>>"
    }
  }
}
