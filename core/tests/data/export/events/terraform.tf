# AWS Glue Data Catalog objects exported by Glueprint (provider hashicorp/aws).

resource "aws_glue_catalog_database" "sales" {
  name         = "sales"
  description  = "Sales data; owner: the 'data' team"
  location_uri = "s3://my-bucket/sales/"
  parameters = {
    "team" = "data"
  }
}

resource "aws_glue_catalog_table" "sales_events" {
  name          = "events"
  database_name = aws_glue_catalog_database.sales.name
  description   = "Served events, one folder per day and region"
  table_type    = "EXTERNAL_TABLE"
  retention     = 0
  parameters = {
    "classification"  = "parquet"
    "compressionType" = "none"
    "typeOfData"      = "file"
  }

  partition_keys {
    name = "dt"
    type = "string"
  }

  partition_keys {
    name    = "region"
    type    = "string"
    comment = "Where the event was served"
  }

  storage_descriptor {
    location                  = "s3://my-bucket/sales/events/"
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "classification"  = "parquet"
      "compressionType" = "none"
      "typeOfData"      = "file"
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
      name = "user"
      type = "struct<name:string,from:string>"
      parameters = {
        "glueprint.tags" = "pii,pii:PERSON_NAME"
      }
    }

    columns {
      name = "order"
      type = "int"
    }

    columns {
      name = "_private"
      type = "map<string,array<int>>"
    }
  }
}

resource "aws_glue_partition" "sales_events_2024_01_01_eu" {
  database_name    = aws_glue_catalog_table.sales_events.database_name
  table_name       = aws_glue_catalog_table.sales_events.name
  partition_values = ["2024-01-01", "eu"]
  parameters       = {}

  storage_descriptor {
    location                  = "s3://my-bucket/sales/events/dt=2024-01-01/region=eu/"
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "classification"  = "parquet"
      "compressionType" = "none"
      "typeOfData"      = "file"
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
      name = "user"
      type = "struct<name:string,from:string>"
    }

    columns {
      name = "order"
      type = "int"
    }

    columns {
      name = "_private"
      type = "map<string,array<int>>"
    }
  }
}

resource "aws_glue_partition" "sales_events_2024_01_01_us" {
  database_name    = aws_glue_catalog_table.sales_events.database_name
  table_name       = aws_glue_catalog_table.sales_events.name
  partition_values = ["2024-01-01", "us"]
  parameters       = {}

  storage_descriptor {
    location                  = "s3://my-bucket/sales/events/dt=2024-01-01/region=us/"
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "classification"  = "parquet"
      "compressionType" = "none"
      "typeOfData"      = "file"
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
      name = "user"
      type = "struct<name:string,from:string>"
    }

    columns {
      name = "order"
      type = "int"
    }

    columns {
      name = "_private"
      type = "map<string,array<int>>"
    }
  }
}

resource "aws_glue_partition" "sales_events_2024_01_02_eu" {
  database_name    = aws_glue_catalog_table.sales_events.database_name
  table_name       = aws_glue_catalog_table.sales_events.name
  partition_values = ["2024-01-02", "eu"]
  parameters       = {}

  storage_descriptor {
    location                  = "s3://my-bucket/sales/events/dt=2024-01-02/region=eu/"
    input_format              = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format             = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    compressed                = false
    number_of_buckets         = -1
    stored_as_sub_directories = false
    parameters = {
      "classification"  = "parquet"
      "compressionType" = "none"
      "typeOfData"      = "file"
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
      name = "user"
      type = "struct<name:string,from:string>"
    }

    columns {
      name = "order"
      type = "int"
    }

    columns {
      name = "_private"
      type = "map<string,array<int>>"
    }
  }
}
