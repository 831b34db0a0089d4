# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_odd_names" {
  name          = "odd_names"
  database_name = aws_glue_catalog_database.sales.name
  description   = "Odd names: it's \"quoted\",\nsecond line with $${not_a_var} %%{not_a_directive} and a \\ backslash"
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "averageRecordSize" = "630"
    "classification"    = "parquet"
    "compressionType"   = "none"
    "objectCount"       = "1"
    "recordCount"       = "2"
    "sizeKey"           = "1261"
    "typeOfData"        = "file"
  }

  storage_descriptor {
    # No location: set location = "s3://bucket/prefix/" before querying (none is invented).
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "averageRecordSize" = "630"
      "classification"    = "parquet"
      "compressionType"   = "none"
      "objectCount"       = "1"
      "recordCount"       = "2"
      "sizeKey"           = "1261"
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
      parameters = {
        "glueprint.originalName" = "Id"
      }
    }

    columns {
      name = "id_"
      type = "bigint"
      parameters = {
        "glueprint.originalName" = "ID_"
      }
    }

    columns {
      name    = "weird name!"
      type    = "string"
      comment = "Was 'Weird Name!' in the file kept as is"
      parameters = {
        "glueprint.originalName" = "Weird Name!"
      }
    }

    columns {
      name = "ünïcode"
      type = "string"
    }
  }
}
