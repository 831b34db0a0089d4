# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_quoted_csv" {
  name          = "quoted_csv"
  database_name = aws_glue_catalog_database.sales.name
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "areColumnsQuoted"       = "true"
    "averageRecordSize"      = "45"
    "classification"         = "csv"
    "columnsOrdered"         = "true"
    "compressionType"        = "none"
    "delimiter"              = ","
    "objectCount"            = "1"
    "recordCount"            = "200"
    "sizeKey"                = "9048"
    "skip.header.line.count" = "1"
    "typeOfData"             = "file"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/quoted_csv/"
    input_format              = "org.apache.hadoop.mapred.TextInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "areColumnsQuoted"       = "true"
      "averageRecordSize"      = "45"
      "classification"         = "csv"
      "columnsOrdered"         = "true"
      "compressionType"        = "none"
      "delimiter"              = ","
      "objectCount"            = "1"
      "recordCount"            = "200"
      "sizeKey"                = "9048"
      "skip.header.line.count" = "1"
      "typeOfData"             = "file"
    }

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
      parameters = {
        "escapeChar"    = "\\"
        "quoteChar"     = "\""
        "separatorChar" = ","
      }
    }

    columns {
      name = "id"
      type = "string"
    }

    columns {
      name = "amount"
      type = "string"
    }

    columns {
      name = "label"
      type = "string"
    }

    columns {
      name = "active"
      type = "string"
    }

    columns {
      name = "when"
      type = "string"
    }
  }
}
