# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_nested_parquet" {
  name          = "nested_parquet"
  database_name = aws_glue_catalog_database.sales.name
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "averageRecordSize" = "54"
    "classification"    = "parquet"
    "compressionType"   = "none"
    "objectCount"       = "1"
    "recordCount"       = "200"
    "sizeKey"           = "10842"
    "typeOfData"        = "file"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/nested_parquet/"
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "averageRecordSize" = "54"
      "classification"    = "parquet"
      "compressionType"   = "none"
      "objectCount"       = "1"
      "recordCount"       = "200"
      "sizeKey"           = "10842"
      "typeOfData"        = "file"
    }

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
      parameters = {
        "serialization.format" = "1"
      }
    }

    columns {
      name = "id"
      type = "bigint"
    }

    columns {
      name = "tags"
      type = "array<string>"
    }

    columns {
      name = "address"
      type = "struct<street:string,zip:string,geo:struct<lat:double,lon:double>>"
    }

    columns {
      name = "attrs"
      type = "map<string,int>"
    }

    columns {
      name = "events"
      type = "array<struct<kind:string,at:bigint>>"
    }

    columns {
      name = "matrix"
      type = "array<array<bigint>>"
    }
  }
}
