# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_customers" {
  name          = "customers"
  database_name = aws_glue_catalog_database.sales.name
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "averageRecordSize" = "70"
    "classification"    = "parquet"
    "compressionType"   = "none"
    "objectCount"       = "1"
    "recordCount"       = "200"
    "sizeKey"           = "14046"
    "typeOfData"        = "file"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/customers/"
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "averageRecordSize" = "70"
      "classification"    = "parquet"
      "compressionType"   = "none"
      "objectCount"       = "1"
      "recordCount"       = "200"
      "sizeKey"           = "14046"
      "typeOfData"        = "file"
    }

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
      parameters = {
        "serialization.format" = "1"
      }
    }

    columns {
      name = "customer_id"
      type = "bigint"
    }

    columns {
      name    = "contact"
      type    = "string"
      comment = "E-mail address"
      parameters = {
        "glueprint.tags" = "pii,pii:EMAIL"
      }
    }

    columns {
      name = "phone"
      type = "string"
    }

    columns {
      name = "ssn"
      type = "string"
      parameters = {
        "glueprint.tags" = "pii:USA_SSN"
      }
    }

    columns {
      name = "card"
      type = "string"
      parameters = {
        "glueprint.tags" = "pii:CREDIT_CARD"
      }
    }

    columns {
      name = "ip"
      type = "string"
    }

    columns {
      name = "notes"
      type = "string"
    }
  }
}
