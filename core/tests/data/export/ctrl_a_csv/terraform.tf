# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_ctrl_a_csv" {
  name          = "ctrl_a_csv"
  database_name = aws_glue_catalog_database.sales.name
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "areColumnsQuoted"       = "false"
    "averageRecordSize"      = "35"
    "classification"         = "csv"
    "columnsOrdered"         = "true"
    "compressionType"        = "none"
    "delimiter"              = "\u0001"
    "objectCount"            = "1"
    "recordCount"            = "200"
    "sizeKey"                = "7034"
    "skip.header.line.count" = "1"
    "typeOfData"             = "file"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/ctrl_a_csv/"
    input_format              = "org.apache.hadoop.mapred.TextInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "areColumnsQuoted"       = "false"
      "averageRecordSize"      = "35"
      "classification"         = "csv"
      "columnsOrdered"         = "true"
      "compressionType"        = "none"
      "delimiter"              = "\u0001"
      "objectCount"            = "1"
      "recordCount"            = "200"
      "sizeKey"                = "7034"
      "skip.header.line.count" = "1"
      "typeOfData"             = "file"
    }

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
      parameters = {
        "field.delim" = "\u0001"
      }
    }

    columns {
      name = "id"
      type = "bigint"
    }

    columns {
      name = "amount"
      type = "double"
    }

    columns {
      name = "label"
      type = "string"
    }

    columns {
      name = "active"
      type = "boolean"
    }

    columns {
      name = "when"
      type = "string"
    }
  }
}
